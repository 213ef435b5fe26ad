import {describe, expect, it} from 'vitest';
import {builtInRootHints, parseRootHints} from '../../source/dns/root-hints.js';
import {parseZoneText, ZoneTextError} from '../../source/dns/zone-text.js';

describe('zone text', () => {
	it('reads origins, relative names, inherited owners, TTL units and multi-line SOA', () => {
		const records = parseZoneText(
			`$ORIGIN example.com.
$TTL 1h
@   IN SOA ns1 hostmaster (
        2024020100 ; serial
        2h 1h 14d 1h )
    NS  ns1
www 300 A 192.0.2.1
    AAAA 2001:DB8::1
txt TXT "hello world" "a \\"quoted\\" word"
`,
			{source: 'test'},
		);
		expect(records.map((record) => `${record.name} ${record.ttl} ${record.type}`)).toEqual([
			'example.com. 3600 SOA',
			'example.com. 3600 NS',
			'www.example.com. 300 A',
			'www.example.com. 3600 AAAA',
			'txt.example.com. 3600 TXT',
		]);
		expect(records[0]!.data).toMatchObject({kind: 'soa', mname: 'ns1.example.com.', serial: 2024020100, refresh: 7200, expire: 1209600});
		expect(records[3]!.data).toEqual({kind: 'address', address: '2001:db8::1'});
		// Kept as dig writes them between their quotes (character-string.ts).
		expect(records[4]!.data).toEqual({kind: 'txt', strings: ['hello world', 'a \\"quoted\\" word']});
	});

	it('reads a character-string as octets: \\DDD and UTF-8 text alike make the same string', () => {
		const [escaped, typed] = parseZoneText('a TXT "caf\\195\\169 \\226\\128\\174"\nb TXT "café \u202e"', {origin: 'example.com.', source: 'zone'});
		// Readable text as itself; the bidi override's bytes as \DDD, as the codec keeps them off the wire.
		expect(escaped!.data).toEqual({kind: 'txt', strings: ['café \\226\\128\\174']});
		expect(typed!.data).toEqual(escaped!.data);
		// Latin-1 is another string, its byte kept: never "café", never U+FFFD.
		const [latin1, unquoted] = parseZoneText('a TXT "caf\\233"\nb TXT caf\\233 \\"a\\;b\\065', {origin: 'example.com.', source: 'zone'});
		expect(latin1!.data).toEqual({kind: 'txt', strings: ['caf\\233']});
		expect(unquoted!.data).toEqual({kind: 'txt', strings: ['caf\\233', '\\"a;bA']});
		expect(() => parseZoneText('a TXT "\\256"', {origin: 'example.com.', source: 'zone'})).toThrow('zone line 1: \\256 is no octet (0 to 255)');
	});

	it('refuses a character-string that no record could carry or that does not say its bytes', () => {
		const zone = (line: string) => () => parseZoneText(line, {origin: 'example.com.', source: 'zone'});
		// 255 bytes fit the one length byte; 256 would go on the wire with length 0 and 256 bytes after it.
		expect(parseZoneText(`a TXT "${'\\233'.repeat(255)}"`, {origin: 'example.com.'})[0]!.data).toEqual({kind: 'txt', strings: ['\\233'.repeat(255)]});
		expect(zone(`a TXT "${'\\233'.repeat(256)}"`)).toThrow('zone line 1: a character-string of 256 bytes (at most 255)');
		expect(zone(`a TXT x${'é'.repeat(150)}`)).toThrow('zone line 1: a character-string of 301 bytes (at most 255)');
		// `\1` is not the digit 1: the writer meant a byte and wrote it short (dig would never write it so).
		expect(zone('a TXT "\\1"')).toThrow('zone line 1: \\1 is no escape: \\DDD takes three digits');
		expect(zone('a TXT ok \\12x')).toThrow('zone line 1: \\12 is no escape: \\DDD takes three digits');
	});

	it('names the line of a mistake', () => {
		expect(() => parseZoneText('www A not-an-address', {origin: 'example.com.', source: 'zone'})).toThrow(/zone line 1: "not-an-address" is not an address/u);
		expect(() => parseZoneText('www BOGUS x', {source: 'zone'})).toThrow(ZoneTextError);
	});

	it('carries the 13 IANA root servers with IPv4 and IPv6, B-root renumbered', () => {
		const hints = builtInRootHints();
		expect(hints.servers).toHaveLength(13);
		expect(hints.servers.find((server) => server.name === 'b.root-servers.net.')?.addresses).toEqual(['170.247.170.2', '2801:1b8:10::b']);
		expect(hints.servers.every((server) => server.addresses.length === 2)).toBe(true);
	});

	it('rejects a hints file without root NS records', () => {
		expect(() => parseRootHints('example.com. 60 A 192.0.2.1', 'bad.hints')).toThrow(/not a root hints file/u);
	});
});

describe('RFC 3597 generic RDATA (\\# LEN HEX)', () => {
	const one = (line: string) => parseZoneText(line, {origin: 'example.'})[0]!;

	it('of a type we know is that type\'s data, as the wire decoder reads it', () => {
		expect(one('www 300 A \\# 4 7f000001').data).toEqual({kind: 'address', address: '127.0.0.1'});
		expect(one('www 300 TYPE1 \\# 4 c0000201')).toMatchObject({type: 'A', data: {kind: 'address', address: '192.0.2.1'}});
		expect(one('www 300 AAAA \\# 16 20010db8000000000000000000000001').data).toEqual({kind: 'address', address: '2001:db8::1'});
		expect(one('txt TXT \\# 8 03616263 03 64 65 66').data).toEqual(one('txt TXT "abc" "def"').data);
		expect(one('@ NS \\# 13 036e7331076578616d706c6500').data).toEqual({kind: 'name', target: 'ns1.example.'});
	});

	it('of a DS is the DS the presentation form writes, so a trust anchor in either form anchors the same keys', () => {
		const presented = one('. DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D');
		const generic = one(`. DS \\# 36 4f660802${'E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D'}`);
		expect(generic.data).toEqual(presented.data);
	});

	it('of a type we do not model stays opaque bytes', () => {
		expect(one('x TYPE65280 \\# 3 abcdef').data).toEqual({kind: 'opaque', hex: 'abcdef'});
		expect(one('x TYPE65280 \\# 0').data).toEqual({kind: 'opaque', hex: ''});
	});

	it('refuses bytes that are not that type\'s RDATA, or that are not hexadecimal, with the line', () => {
		expect(() => one('www A \\# 3 7f0000')).toThrow('zone text line 1: \\# data is not A RDATA: it has RDLENGTH 3; its RDATA is 4 bytes');
		expect(() => one('@ NS \\# 2 0161')).toThrow('zone text line 1: \\# data is not NS RDATA: the target name runs past the end of its RDATA');
		expect(() => one('x TYPE65536 \\# 2 abcd')).toThrow('zone text line 1: unknown record type "TYPE65536"');
		expect(() => one('txt TXT \\# 2 0561')).toThrow(/line 1: \\# data is not TXT RDATA/u);
		expect(() => one('www A \\# 4 7f00zz01')).toThrow(/line 1: \\# data is not hexadecimal/u);
		expect(() => one('www A \\# 5 7f000001')).toThrow(/line 1: \\# length does not match the data/u);
		expect(() => one('www A \\# 4 7f000001')).not.toThrow(ZoneTextError);
	});

	it('refuses a compressed name, which the generic form does not allow (RFC 3597 4)', () => {
		expect(() => one('@ NS \\# 2 c00c')).toThrow(/line 1: \\# data is not NS RDATA/u);
	});

	it('takes a name written in capitals, as names compare without case (RFC 4343), and as its presentation form is taken', () => {
		expect(one('www CNAME \\# 13 03575757076578616d706c6500').data).toEqual({kind: 'name', target: 'www.example.'});
		expect(one('@ NS \\# 13 034e5331074558414d504c4500').data).toEqual(one('@ NS NS1.EXAMPLE.').data);
		expect(one('@ NSEC \\# 16 034e5331074558414d504c4500 000120').data).toEqual({kind: 'nsec', next: 'ns1.example.', types: ['NS']});
	});

	it('refuses more than RDLENGTH can say with the line, not with a Node range error', () => {
		const hex = '00'.repeat(65_536);
		expect(() => one(`www A \\# 65536 ${hex}`)).toThrow(/^zone text line 1: \\# data is 65536 bytes; RDATA is at most 65535 \(its length is 16 bits: RFC 1035 3\.2\.1\)$/u);
	});
});
