// Public-looking host names for tests: names under the reserved `.test` domain resolve to 127.0.0.1
// in this process, so a simulator can play a provider or a CDN on a public name (the node then
// treats it as public) while every byte stays on loopback. Everything else resolves as usual.
import dns from 'node:dns';

type Lookup = typeof dns.lookup;

export function useFakeDns(): () => void {
	const original: Lookup = dns.lookup;
	const fake = ((hostname: string, options: unknown, callback?: unknown) => {
		const done = (typeof options === 'function' ? options : callback) as (
			...args: unknown[]
		) => void;
		const settings = (typeof options === 'object' && options !== null ? options : {}) as {
			all?: boolean;
		};
		if (!hostname.endsWith('.test'))
			return (original as (...args: unknown[]) => void)(hostname, options, callback);
		if (settings.all) return process.nextTick(done, null, [{ address: '127.0.0.1', family: 4 }]);
		return process.nextTick(done, null, '127.0.0.1', 4);
	}) as Lookup;
	dns.lookup = fake;
	return () => {
		dns.lookup = original;
	};
}

/** The same server under a public-looking name: http://127.0.0.1:PORT -> http://<name>.test:PORT. */
export function publicName(url: string, name: string): string {
	const parsed = new URL(url);
	parsed.hostname = `${name}.test`;
	return parsed.href.replace(/\/$/, '');
}
