import {describe, expect, it} from 'vitest';
import {skippedRounds} from '../../source/commands/open-watch.js';

const round = (stamp: string, why: string) => ({file: `w/digdeeper-www.example.com-${stamp}.json`, why: `w/digdeeper-www.example.com-${stamp}.json: ${why}`});

describe('the line that names the rounds open DIR skipped', () => {
	it('names the first three newest first, as they came, and counts the rest', () => {
		const skipped = ['2999', '2998', '2997', '2996', '2995'].map((year) => round(`${year}-01-01T00-00-00-000Z`, 'not valid JSON: Unexpected token'));
		expect(skippedRounds(skipped)).toBe(
			'skipped 5 newer rounds: digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json (not valid JSON), digdeeper-www.example.com-2998-01-01T00-00-00-000Z.json (not valid JSON), digdeeper-www.example.com-2997-01-01T00-00-00-000Z.json (not valid JSON), and 2 more',
		);
	});

	it('says nothing when none was skipped', () => {
		expect(skippedRounds([])).toBeUndefined();
	});
});
