// What a credential's Base URL may be. The API key is sent to this address on every request, so a
// Base URL that would move the key into a URL (user:pass@, a query string) or that cannot be read the
// same way by every client (spaces, a fragment, an unparsable string) is refused before anything is
// sent. A path prefix (https://proxy.example.com/kling) and a trailing slash are fine.
// The messages never repeat the URL itself: it may hold a secret.

const USERINFO = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i;

/** Why this Base URL is refused (one sentence, for the user), or undefined when it is fine. */
export function baseUrlProblem(baseUrl: string): string | undefined {
	if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
		return "The Base URL is empty: enter the provider's API address, e.g. https://api.example.com.";
	}
	if (/\s/.test(baseUrl)) return 'The Base URL contains a space or line break: remove it.';
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return 'The Base URL is not a valid URL: enter an address such as https://api.example.com.';
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The Base URL must start with https:// (or http://); this one starts with "${url.protocol}".`;
	}
	if (url.username !== '' || url.password !== '' || USERINFO.test(baseUrl)) {
		return 'The Base URL must not contain a user name or password (user:pass@host): the API key field carries the credential.';
	}
	if (baseUrl.includes('?'))
		return 'The Base URL must not contain a query string (?…): enter only the address and an optional path.';
	if (baseUrl.includes('#'))
		return 'The Base URL must not contain a fragment (#…): enter only the address and an optional path.';
	return undefined;
}
