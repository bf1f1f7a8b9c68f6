// `.test` names that resolve to 127.0.0.1 (fakeDns.cjs, the one implementation, which a real n8n can
// also preload), and a helper that puts a local server under such a name.
import { createRequire } from 'node:module';
import path from 'node:path';

export const { useFakeDns } = createRequire(__filename)('./fakeDns.cjs') as {
	useFakeDns(): () => void;
};

/** Environment for a real n8n process that should resolve `.test` names as this process does. */
export const FAKE_DNS_ENV = {
	NODE_OPTIONS: `--require ${path.join(__dirname, 'fakeDns.cjs')}`,
	KLING_FAKE_DNS: '1',
};

/** The same server under a public-looking name: http://127.0.0.1:PORT -> http://<name>.test:PORT. */
export function publicName(url: string, name: string): string {
	const parsed = new URL(url);
	parsed.hostname = `${name}.test`;
	return parsed.href.replace(/\/$/, '');
}
