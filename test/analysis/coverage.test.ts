import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {FINDING_CATALOGUE} from '../../source/analysis/finding-catalogue.js';

const doc = readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8');
const [zonemaster = '', dnsviz = ''] = doc.split(/^## DNSViz$/mu);

/** Zonemaster's test cases (docs/public/specifications/tests/*-TP, December 2025): a row may not silently go. */
const ZONEMASTER_CASES = [
	...['BASIC01', 'BASIC02', 'BASIC03'],
	...['ADDRESS01', 'ADDRESS02', 'ADDRESS03'],
	...['CONNECTIVITY01', 'CONNECTIVITY02', 'CONNECTIVITY03', 'CONNECTIVITY04'],
	...['CONSISTENCY01', 'CONSISTENCY02', 'CONSISTENCY03', 'CONSISTENCY04', 'CONSISTENCY05', 'CONSISTENCY06'],
	...['DELEGATION01', 'DELEGATION02', 'DELEGATION03', 'DELEGATION04', 'DELEGATION05', 'DELEGATION06', 'DELEGATION07'],
	...Array.from({length: 18}, (_, index) => `DNSSEC${String(index + 1).padStart(2, '0')}`),
	...Array.from({length: 15}, (_, index) => `NAMESERVER${String(index + 1).padStart(2, '0')}`).filter((id) => id !== 'NAMESERVER14'),
	...Array.from({length: 8}, (_, index) => `SYNTAX${String(index + 1).padStart(2, '0')}`),
	...Array.from({length: 11}, (_, index) => `ZONE${String(index + 1).padStart(2, '0')}`),
];

/** DNSViz's error classes (dnsviz/analysis/errors.py), but for the root DomainNameAnalysisError. */
const DNSVIZ_CLASSES = `
RRSIGError SignerNotZone RRSIGLabelsExceedRRsetOwnerLabels RRsetTTLMismatch OriginalTTLExceeded OriginalTTLExceededRRset
OriginalTTLExceededRRSIG TTLBeyondExpiration AlgorithmNotSupported AlgorithmValidationProhibited AlgorithmProhibited
AlgorithmNotRecommended DNSKEYRevokedRRSIG InceptionInFuture ExpirationInPast InceptionWithinClockSkew
ExpirationWithinClockSkew SignatureInvalid RRSIGBadLength RRSIGBadLengthGOST RRSIGBadLengthECDSA RRSIGBadLengthECDSA256
RRSIGBadLengthECDSA384 RRSIGBadLengthEdDSA RRSIGBadLengthEd25519 RRSIGBadLengthEd448 DSError ReferralForDSQuery
DSDigestAlgorithmIgnored DSDigestAlgorithmMaybeIgnored DSDigestError DigestAlgorithmNotSupported
DigestAlgorithmValidationProhibited DigestAlgorithmProhibited DigestAlgorithmNotRecommended DNSKEYRevokedDS DigestInvalid
NSECError SnameNotCovered SnameNotCoveredNameError SnameNotCoveredWildcardAnswer NextClosestEncloserNotCovered
NextClosestEncloserNotCoveredNameError NextClosestEncloserNotCoveredNODATADS NextClosestEncloserNotCoveredWildcardNODATA
NextClosestEncloserNotCoveredWildcardAnswer WildcardNotCovered WildcardNotCoveredNSEC WildcardNotCoveredNSEC3
NoClosestEncloser NoClosestEncloserNameError NoClosestEncloserNODATADS NoClosestEncloserWildcardNODATA
NoClosestEncloserWildcardAnswer OptOutFlagNotSet OptOutFlagNotSetNODATA OptOutFlagNotSetNODATADS ReferralWithSOABit
ReferralWithSOABitNSEC ReferralWithSOABitNSEC3 ReferralWithDSBit ReferralWithDSBitNSEC ReferralWithDSBitNSEC3
ReferralWithoutNSBit ReferralWithoutNSBitNSEC ReferralWithoutNSBitNSEC3 StypeInBitmap StypeInBitmapNODATA
StypeInBitmapNODATANSEC StypeInBitmapNODATANSEC3 StypeInBitmapNODATADSNSEC3 StypeInBitmapWildcardNODATA
StypeInBitmapWildcardNODATANSEC StypeInBitmapWildcardNODATANSEC3 NoNSECMatchingSname NoNSECMatchingSnameNODATA
NoNSECMatchingSnameWildcardNODATA NoNSEC3MatchingSname NoNSEC3MatchingSnameNODATA NoNSEC3MatchingSnameDSNODATA
WildcardExpansionInvalid WildcardCovered WildcardCoveredAnswer WildcardCoveredAnswerNSEC WildcardCoveredAnswerNSEC3
WildcardCoveredNODATA WildcardCoveredNODATANSEC WildcardCoveredNODATANSEC3 ExistingNSECError ExistingCovered
ExistingCoveredNSEC ExistingCoveredNSEC3 ExistingTypeNotInBitmap ExistingTypeNotInBitmapNSEC ExistingTypeNotInBitmapNSEC3
SnameCoveredNODATANSEC LastNSECNextNotZone UnsupportedNSEC3Algorithm NonZeroNSEC3IterationCount NonEmptyNSEC3Salt
InvalidNSEC3OwnerName InvalidNSEC3Hash ResponseError InvalidResponseError NetworkError FormError Timeout
UnknownResponseError InvalidRcode NotAuthoritative AuthoritativeReferral RecursionNotAvailable ResponseErrorWithCondition
ResponseErrorWithRequestFlag ResponseErrorWithoutRequestFlag ResponseErrorWithEDNS ResponseErrorWithEDNSVersion
ResponseErrorWithEDNSFlag ResponseErrorWithoutEDNSFlag ResponseErrorWithEDNSOption ResponseErrorWithoutEDNSOption EDNSError
EDNSVersionMismatch EDNSIgnored EDNSSupportNoOpt GratuitousOPT ImplementedEDNSVersionNotProvided EDNSUndefinedFlagsSet
DNSSECDowngrade DNSSECDowngradeDOBitCleared DNSSECDowngradeEDNSDisabled DNSCookieError GratuitousCookie
MalformedCookieWithoutFORMERR NoCookieOption NoServerCookieWithoutBADCOOKIE InvalidServerCookieWithoutBADCOOKIE
NoServerCookie ClientCookieMismatch CookieInvalidLength UnableToRetrieveDNSSECRecords MissingRRSIG MissingRRSIGForAlg
MissingRRSIGForAlgDNSKEY MissingRRSIGForAlgDS MissingRRSIGForAlgDLV MissingNSEC MissingNSECForNXDOMAIN
MissingNSECForNODATA MissingNSECForWildcard MissingSOA MissingSOAForNXDOMAIN MissingSOAForNODATA UpwardReferral
SOAOwnerNotZone SOAOwnerNotZoneForNXDOMAIN SOAOwnerNotZoneForNODATA InconsistentNXDOMAIN InconsistentNXDOMAINAncestry
PMTUExceeded ForeignClassData ForeignClassDataAnswer ForeignClassDataAuthority ForeignClassDataAdditional
CasePreservationError DelegationError MissingSEPForAlg MissingSEPForAlgCDNSKEY NoSEP NoSEPCDNSKEY NoNSInParent
NoNSInParentNXDOMAIN NoNSInParentNoData NoNSAddressesForIPVersion NoNSAddressesForIPv4 NoNSAddressesForIPv6 NSNameError
NSNameNotInChild NSNameNotInParent ErrorResolvingNSName MissingGlueForNSName NoAddressForNSName PrivateAddressNS
NSNameResolvesToPrivateIP GlueReferencesPrivateIP GlueMismatchError MissingGlueIPv4 MissingGlueIPv6 ExtraGlueIPv4
ExtraGlueIPv6 ServerUnresponsive ServerUnresponsiveUDP ServerUnresponsiveTCP ServerInvalidResponseUDP
ServerInvalidResponseTCP ServerNotAuthoritative CDNSKEYCDSError CDNSKEYCDSOnlyError DSConsistencyError
CDNSKEYInconsistentWithDS CDSInconsistentWithDS MultipleCDNSKEYCDS MultipleCDNSKEY MultipleCDS CDNSKEYCDSSignerInvalid
CDNSKEYSignerInvalid CDSSignerInvalid DNSSECDeleteRecordError DNSSECDeleteRecordIncorrectValues
CDNSKEYRecordIncorrectDeleteValues CDSRecordIncorrectDeleteValues DNSSECDeleteMultipleRecords CDNSKEYDeleteMultipleRecords
CDSDeleteMultipleRecords CDNSKEYInconsistentWithCDS DNAMEError DNAMENoCNAME DNAMETargetMismatch DNAMETTLZero
DNAMETTLMismatch DNSKEYError DNSKEYMissingFromServers DNSKEYNotAtZoneApex DNSKEYBadLength DNSKEYZeroLength
DNSKEYBadLengthGOST DNSKEYBadLengthECDSA DNSKEYBadLengthECDSA256 DNSKEYBadLengthECDSA384 DNSKEYBadLengthEdDSA
DNSKEYBadLengthEd25519 DNSKEYBadLengthEd448 TrustAnchorError NoTrustAnchorSigning RevokedNotSigning ZoneDataError
CNAMEWithOtherData CNAMELoop
`.split(/\s+/u).filter(Boolean);

/** The table rows of a part of the page: their cells, without the header and the separator. */
const rows = (text: string) =>
	text
		.split('\n')
		.filter((line) => line.startsWith('| ') && !/^\|[-|]+\|$/u.test(line))
		.map((line) => line.slice(2, -2).split(' | '))
		.filter((cells) => !['test case', 'error classes', 'digdeeper'].includes(cells[0]!));

const findingCodes = (text: string) => [...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/gu)].map((match) => match[1]!);

/** A verdict names a finding, says why the check is out of scope, or names the issue that plans it. */
const VERDICT = /`[A-Z][A-Z0-9_]+`|^out of scope: \S|planned: issue #\d+/u;

describe('docs/coverage.md holds to Zonemaster, DNSViz and the catalogue', () => {
	it('has one row for every Zonemaster test case, and no other', () => {
		const ids = rows(zonemaster).map((cells) => cells[0]);
		expect(ids).toEqual(ZONEMASTER_CASES);
	});

	it('lists every DNSViz error class once', () => {
		const classes = rows(dnsviz).filter((cells) => cells.length === 3).flatMap((cells) => [...cells[0]!.matchAll(/`([A-Za-z0-9]+)`/gu)].map((match) => match[1]!));
		expect([...classes].sort()).toEqual([...DNSVIZ_CLASSES].sort());
	});

	it('gives every check a finding, a reason it is out of scope, or the issue that plans it', () => {
		for (const cells of [...rows(zonemaster), ...rows(dnsviz).filter((row) => row.length === 3)]) expect(cells.at(-1), cells[0]).toMatch(VERDICT);
	});

	it('names only codes of the catalogue', () => {
		for (const code of findingCodes(doc)) expect(Object.keys(FINDING_CATALOGUE), code).toContain(code);
	});

	it('names every code of the catalogue', () => {
		const named = new Set(findingCodes(doc));
		for (const code of Object.keys(FINDING_CATALOGUE)) expect(named.has(code), code).toBe(true);
	});
});
