// Public-looking host names for tests: names under the reserved `.test` domain resolve to 127.0.0.1
// (callback and promise lookups alike), so a simulator can play a provider or a CDN on a public name
// while every byte stays on loopback. Such a name is also what an attacker's DNS gives: n8n 2.x's
// egress check refuses it unless N8N_SSRF_ALLOWED_HOSTNAMES lists it. Everything else resolves as usual.
// In-process tests call useFakeDns() (through fakeDns.ts); a real n8n gets it with
// NODE_OPTIONS=--require <this file> and KLING_FAKE_DNS=1.
const dns = require('node:dns');

const LOOPBACK = { address: '127.0.0.1', family: 4 };
const faked = (hostname) => typeof hostname === 'string' && hostname.endsWith('.test');
/** Names under `.unresolvable.test` do not resolve (as a DNS that fails would answer). */
const unresolvable = (hostname) => hostname.endsWith('.unresolvable.test');
const notFound = (hostname) =>
	Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
const wantsAll = (options) =>
	typeof options === 'object' && options !== null && options.all === true;

function useFakeDns() {
	const original = dns.lookup;
	const originalPromise = dns.promises.lookup;
	dns.lookup = function lookup(hostname, options, callback) {
		if (!faked(hostname)) return original.call(this, hostname, options, callback);
		const done = typeof options === 'function' ? options : callback;
		if (unresolvable(hostname)) return process.nextTick(done, notFound(hostname));
		if (wantsAll(options)) return process.nextTick(done, null, [LOOPBACK]);
		return process.nextTick(done, null, LOOPBACK.address, LOOPBACK.family);
	};
	// n8n 2.x's egress filter resolves through the promise API.
	dns.promises.lookup = function lookup(hostname, options) {
		if (!faked(hostname)) return originalPromise.call(this, hostname, options);
		if (unresolvable(hostname)) return Promise.reject(notFound(hostname));
		return Promise.resolve(wantsAll(options) ? [LOOPBACK] : LOOPBACK);
	};
	return () => {
		dns.lookup = original;
		dns.promises.lookup = originalPromise;
	};
}

if (process.env.KLING_FAKE_DNS === '1') useFakeDns();

module.exports = { useFakeDns };
