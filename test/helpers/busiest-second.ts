/** A message as the servers saw it arrive: where, and when (performance.now() milliseconds). */
export interface ArrivalTime {
	address: string;
	atMs: number;
}

/** The most messages any one address got within any one second, and which address: the rate counted at the servers. */
export function busiestSecond(arrivals: readonly ArrivalTime[]): {address: string; count: number} {
	let busiest = {address: '', count: 0};
	for (const address of new Set(arrivals.map((arrival) => arrival.address))) {
		const times = arrivals.filter((arrival) => arrival.address === address).map((arrival) => arrival.atMs).sort((a, b) => a - b);
		let first = 0;
		for (let last = 0; last < times.length; last++) {
			while (times[last]! - times[first]! >= 1000) first++;
			if (last - first + 1 > busiest.count) busiest = {address, count: last - first + 1};
		}
	}
	return busiest;
}
