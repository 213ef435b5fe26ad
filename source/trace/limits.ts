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
	/**
	 * Of `maxQueries`, the share held back for the questions the outcome and its verdict rest on: the walk's own
	 * (the user's question, NS-name look-ups, variants) and the chain of trust (DS, DNSKEY). Every other question (SOA
	 * serials, NS sets, NS addresses, CDS, the TCP check) stops where the share begins, so a zone with a hundred
	 * servers cannot spend the whole budget on checks before the question itself is asked, and whether a trace
	 * reaches its answer never depends on which probe happened to go out first.
	 */
	walkReserve: number;
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

/**
 * Bounds on what the command line may ask for. Node's timers overflow past 2^31 - 1 ms (24.8 days) and then fire at
 * once, so no duration may reach that; the rest keep one mistyped number from making a trace or a watch endless.
 */
export const OPTION_LIMITS = {
	/** --timeout, ms per attempt: a server slower than a minute is as good as dead (dig's default is 5 s). */
	maxTimeoutMs: 60_000,
	/**
	 * --timeout's floor, ms: no server answers faster, and `--timeout 2` is dig's habit (+timeout counts seconds): taken
	 * as 2 ms, every query would time out and the walk blame the network.
	 */
	minTimeoutMs: 10,
	/** --retries: dig's +tries stops being useful after a handful; ten time-outs of a minute is already 11 minutes. */
	maxRetries: 10,
	/** --watch interval: closer would make an all-server trace a load test for someone else's name servers. */
	minWatchIntervalMs: 1000,
	/** --watch interval: a day, far below the timer overflow. */
	maxWatchIntervalMs: 24 * 3_600_000,
	/** --count: a million rounds is a year of --watch 30s. */
	maxWatchCount: 1_000_000,
	/** --hints: IANA's named.root is 3 KB; a megabyte is room for any root a lab or a test bed could list. */
	maxHintsBytes: 1024 * 1024,
	/** --trust-anchor: IANA's root-anchors.xml is 1 KB; a megabyte holds thousands of DS or DNSKEY records. */
	maxTrustAnchorBytes: 1024 * 1024,
	/**
	 * Every --trust-anchor file together: the root has two, a resolver with islands of trust a few more; a snapshot
	 * keeps them all (its schema reads no more).
	 */
	maxTrustAnchors: 100,
	/** --latency-scale: the lab's slowest server (240 ms) a hundred times slower answers in 24 s, under the longest --timeout. */
	maxLatencyScale: 100,
	/**
	 * --expiry-warning, days: signers refresh signatures days to weeks ahead (BIND re-signs a quarter of the validity
	 * before expiry, 7.5 days of the default 30); beyond a year every signature of a normal zone would be reported.
	 */
	maxExpiryWarningDays: 366,
};

/** RRSIG_EXPIRING_SOON's window, as the issue and Zonemaster's DNSSEC04 both use: three days. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 3;

export const DEFAULT_LIMITS: WalkLimits = {
	maxQueries: 3000,
	walkReserve: 0.25,
	maxZoneCuts: 32,
	maxCnameChain: 11,
	maxSubtraceDepth: 7,
	maxNsNamesPerZone: 20,
	maxVariantBranches: 4,
	maxAddressesPerNameserver: 6,
	concurrency: 48,
};
