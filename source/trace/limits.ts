/**
 * The walk's bounds. Each is sized so that a real trace of an ordinary name never reaches it, while a hostile or
 * broken tree (NXNSAttack-style referrals, loops, endless cuts) stops early with a recorded LIMIT_REACHED.
 */
export interface WalkLimits {
	/**
	 * Queries per trace, every server and every metadata question included. A deep real trace (6 cuts, 13 servers,
	 * two families, 5 questions each) is about 800; resolvers cap one resolution at 100–200 (Unbound's
	 * max-sent-count 32 per target, BIND's max-recursion-queries 100), but we ask every server on purpose.
	 */
	maxQueries: number;
	/** Zone cuts on one path. DNS names have at most 127 labels; real trees rarely pass 8 cuts. */
	maxZoneCuts: number;
	/** CNAME/DNAME links followed. Unbound restarts at most 11 times (MAX_RESTART_COUNT); BIND follows 16. */
	maxCnameChain: number;
	/** Nesting of NS-name sub-traces (a sub-trace needing a sub-trace …). BIND's max-recursion-depth is 7. */
	maxSubtraceDepth: number;
	/** NS names followed per zone. The largest real NS sets have 13 names; NXNSAttack sends hundreds. */
	maxNsNamesPerZone: number;
	/** Distinct referral variants of one step followed as extra branches. */
	maxVariantBranches: number;
	/**
	 * Addresses kept (and asked) per name server name, A and AAAA together. Real name servers have one or two per
	 * family; BIND caps the addresses it stores per NS name at six (CVE-2026-3592) for the same reason: a referral
	 * of 20 names with 50 glue addresses each would otherwise make a thousand servers, each asked every question.
	 * The rest are counted on the name server, not stored.
	 */
	maxAddressesPerNameserver: number;
	/** Probes in flight at once: enough to fan out over every root address without bursting a home router. */
	concurrency: number;
}

export const DEFAULT_LIMITS: WalkLimits = {
	maxQueries: 3000,
	maxZoneCuts: 32,
	maxCnameChain: 11,
	maxSubtraceDepth: 7,
	maxNsNamesPerZone: 20,
	maxVariantBranches: 4,
	maxAddressesPerNameserver: 6,
	concurrency: 48,
};
