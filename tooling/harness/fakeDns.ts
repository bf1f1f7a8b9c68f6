// Public-looking host names for tests: names under the reserved `.test` domain resolve to 127.0.0.1
// in this process (callback and promise lookups alike), so a simulator can play a provider or a CDN on
// a public name while every byte stays on loopback. Such a name is also what an attacker's DNS gives:
// n8n 2.x's egress check refuses it unless N8N_SSRF_ALLOWED_HOSTNAMES lists it. Everything else
// resolves as usual.
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
	// n8n 2.x's egress filter resolves through the promise API.
	const originalPromise = dns.promises.lookup;
	const fakePromise = ((hostname: string, options?: unknown) => {
		if (!hostname.endsWith('.test'))
			return (originalPromise as (...args: unknown[]) => Promise<unknown>)(hostname, options);
		const all = typeof options === 'object' && options !== null && 'all' in options && options.all;
		const record = { address: '127.0.0.1', family: 4 };
		return Promise.resolve(all ? [record] : record);
	}) as typeof dns.promises.lookup;
	dns.lookup = fake;
	dns.promises.lookup = fakePromise;
	return () => {
		dns.lookup = original;
		dns.promises.lookup = originalPromise;
	};
}

/** The same server under a public-looking name: http://127.0.0.1:PORT -> http://<name>.test:PORT. */
export function publicName(url: string, name: string): string {
	const parsed = new URL(url);
	parsed.hostname = `${name}.test`;
	return parsed.href.replace(/\/$/, '');
}
