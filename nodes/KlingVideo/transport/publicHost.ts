// Which URLs the node may fetch because a provider's answer named them. A hostile or broken answer
// must not turn the download into a request to the n8n server's own network (the cloud metadata
// service, a database admin page on localhost, a router). Community nodes may not resolve names
// (no `dns`/`net`), so the check reads the URL only: literal addresses by range, and names that are
// internal by convention. n8n's N8N_SSRF_PROTECTION_ENABLED adds the resolution-time check.

/** Why a URL's host is not a public internet host, or undefined when it is. */
export function internalHostReason(url: string): string | undefined {
	let host: string;
	try {
		host = new URL(url).hostname.toLowerCase();
	} catch {
		return 'the URL is not valid';
	}
	// The URL parser has already turned 0x7f.1, 2130706433 and 0177.0.0.1 into 127.0.0.1.
	if (host.startsWith('[') && host.endsWith(']')) return ipv6Reason(host.slice(1, -1));
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return ipv4Reason(host.split('.').map(Number));
	return nameReason(host.replace(/\.$/, ''));
}

/** A Base URL on a non-public host (a local proxy, the simulator): its answers may name that host. */
export function isInternalUrl(url: string): boolean {
	return internalHostReason(url) !== undefined;
}

/** The URL's host name, lower case, without a trailing dot ('' for no valid URL). */
export const hostOf = (url: string) => {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return '';
	}
};

/** Link-local addresses and metadata names: where cloud metadata services answer. Never fetched. */
export function isMetadataHost(url: string): boolean {
	const host = hostOf(url);
	return (
		/^169\.254\./.test(host) ||
		/^\[fe[89ab]/.test(host) ||
		['metadata', 'metadata.google.internal', 'instance-data'].includes(host) ||
		/link-local/.test(internalHostReason(url) ?? '')
	);
}

/**
 * Why the node may not fetch this URL, or undefined when it may: a public host, or the one non-public
 * host the credential's Base URL is on (a local proxy, the simulator), unless it is a metadata host.
 */
export function fetchRefusal(url: string, baseUrlHost?: string): string | undefined {
	const reason = internalHostReason(url);
	if (!reason || baseUrlHost === undefined || isMetadataHost(url)) return reason;
	return hostOf(url) === baseUrlHost ? undefined : `${reason}, and not the Base URL's own host`;
}

/** The Base URL's host when it is not public (its answers may name it), else undefined. */
export function internalHostOf(baseUrl: string): string | undefined {
	return isInternalUrl(baseUrl) ? hostOf(baseUrl) : undefined;
}

const INTERNAL_SUFFIXES = [
	'.localhost',
	'.internal',
	// Kubernetes service names (name.namespace.svc, .svc.cluster.local).
	'.svc',
	'.local',
	'.localdomain',
	'.home.arpa',
	'.lan',
	'.intranet',
	'.corp',
];
const INTERNAL_NAMES = new Set(['localhost', 'metadata', 'instance-data']);

function nameReason(host: string): string | undefined {
	if (host === '') return 'the URL has no host';
	if (INTERNAL_NAMES.has(host) || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix)))
		return `"${host}" is an internal name`;
	// A name without a dot only resolves inside a local network (a container, a search domain).
	if (!host.includes('.')) return `"${host}" is a local name`;
	return undefined;
}

// [first address as four octets, prefix length, what the range is]
const IPV4_RANGES: Array<[number, number, number, number, number, string]> = [
	[0, 0, 0, 0, 8, 'a "this network" address'],
	[10, 0, 0, 0, 8, 'a private address'],
	[100, 64, 0, 0, 10, 'a carrier-grade NAT address'],
	[127, 0, 0, 0, 8, 'a loopback address'],
	[169, 254, 0, 0, 16, 'a link-local address (the cloud metadata service lives there)'],
	[172, 16, 0, 0, 12, 'a private address'],
	[192, 0, 0, 0, 24, 'a reserved address'],
	[192, 0, 2, 0, 24, 'a documentation address'],
	[192, 168, 0, 0, 16, 'a private address'],
	[198, 18, 0, 0, 15, 'a benchmarking address'],
	[198, 51, 100, 0, 24, 'a documentation address'],
	[203, 0, 113, 0, 24, 'a documentation address'],
	[224, 0, 0, 0, 4, 'a multicast address'],
	[240, 0, 0, 0, 4, 'a reserved address'],
];

function ipv4Reason(octets: number[]): string | undefined {
	if (octets.some((octet) => octet > 255)) return `${octets.join('.')} is not a valid address`;
	const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
	for (const [a, b, c, d, bits, what] of IPV4_RANGES) {
		const start = ((a * 256 + b) * 256 + c) * 256 + d;
		const size = 2 ** (32 - bits);
		if (value >= start && value < start + size) return `${octets.join('.')} is ${what}`;
	}
	return undefined;
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (compressed, hex groups). */
function ipv6Groups(address: string): number[] | undefined {
	const [head, tail] = address.split('::');
	const part = (text: string | undefined) =>
		text ? text.split(':').map((group) => parseInt(group, 16)) : [];
	const left = part(head);
	const right = part(tail);
	const groups =
		tail === undefined
			? left
			: [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
	return groups.length === 8 &&
		groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
		? groups
		: undefined;
}

function ipv6Reason(address: string): string | undefined {
	const groups = ipv6Groups(address);
	const is = (what: string) => `[${address}] is ${what}`;
	if (!groups) return is('not a valid address');
	const embeddedV4 = [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff];
	const zeroUpTo = (count: number) => groups.slice(0, count).every((group) => group === 0);
	if (zeroUpTo(8)) return is('the unspecified address');
	if (zeroUpTo(7) && groups[7] === 1) return is('the loopback address');
	// IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d) and
	// NAT64 (64:ff9b::a.b.c.d, and the local-use 64:ff9b:1::/48) carry an IPv4 address in their last 32 bits.
	const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b;
	if (
		(zeroUpTo(5) && groups[5] === 0xffff) ||
		(zeroUpTo(4) && groups[4] === 0xffff && groups[5] === 0) ||
		zeroUpTo(6) ||
		(nat64 && (groups.slice(2, 6).every((group) => group === 0) || groups[2] === 1))
	) {
		return ipv4Reason(embeddedV4);
	}
	// 6to4 (2002:aabb:ccdd::/48) routes to the IPv4 address a.b.c.d that it carries.
	if (groups[0] === 0x2002) {
		return ipv4Reason([groups[1] >> 8, groups[1] & 0xff, groups[2] >> 8, groups[2] & 0xff]);
	}
	// Teredo (2001:0::/32) tunnels to an address hidden in it: never a plain public host.
	if (groups[0] === 0x2001 && groups[1] === 0) return is('a Teredo tunnel address');
	if ((groups[0] & 0xfe00) === 0xfc00) return is('a unique-local address');
	if ((groups[0] & 0xffc0) === 0xfe80) return is('a link-local address');
	if ((groups[0] & 0xffc0) === 0xfec0) return is('a site-local address');
	if ((groups[0] & 0xff00) === 0xff00) return is('a multicast address');
	if (groups[0] === 0x2001 && groups[1] === 0x0db8) return is('a documentation address');
	return undefined;
}
