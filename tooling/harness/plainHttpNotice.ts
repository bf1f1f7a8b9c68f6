// The plain-http notice of every credential, as a given n8n-workflow's display-condition code evaluates
// it: the unit tests run it with the package's n8n-workflow, the end-to-end suite with each n8n host's.
import type { ICredentialType, INodeProperties, NodeHelpers } from 'n8n-workflow';

import { FoxApiApi } from '../../credentials/FoxApiApi.credentials';
import { KlingAiApi } from '../../credentials/KlingAiApi.credentials';
import { ToApisApi } from '../../credentials/ToApisApi.credentials';
import { UniAllApi } from '../../credentials/UniAllApi.credentials';

/** Base URLs that must show the notice: plain http to another machine (private addresses included). */
export const NOTICE_SHOWN = [
	'http://api.example.com',
	'http://api.example.com/kling/',
	'HTTP://api.example.com',
	'http://10.0.0.5:8080',
	'http://192.168.1.20/kling',
	'http://localhost.example.com',
	'http://127.0.0.1.nip.io:3000',
	'http://localhost@evil.example.com',
];
/** Base URLs that must not: https, or this machine. */
export const NOTICE_HIDDEN = [
	'https://api.foxapi.cc',
	'HTTPS://api.foxapi.cc',
	'http://127.0.0.1:3000',
	'http://127.9.8.7/kling',
	'http://localhost:8080',
	'http://localhost',
	'http://LOCALHOST:8080/',
	'http://[::1]:3000/v1',
	'',
];

const CREDENTIALS: ICredentialType[] = [
	new FoxApiApi(),
	new UniAllApi(),
	new ToApisApi(),
	new KlingAiApi(),
];

/** [credential, Base URL, shown] for every credential and case, as `helpers` decides. */
export function noticeDecisions(helpers: typeof NodeHelpers): Array<[string, string, boolean]> {
	const decisions: Array<[string, string, boolean]> = [];
	for (const type of CREDENTIALS) {
		const notice = type.properties.find(
			(property) => property.name === 'plainHttpNotice',
		) as INodeProperties;
		for (const baseUrl of [...NOTICE_SHOWN, ...NOTICE_HIDDEN]) {
			const data =
				type.name === 'klingAiApi'
					? { accessKey: 'ak', secretKey: 'sk', baseUrl }
					: { apiKey: 'key', baseUrl };
			decisions.push([type.name, baseUrl, helpers.displayParameter(data, notice, null, null)]);
		}
	}
	return decisions;
}

/** What noticeDecisions must return. */
export function expectedNoticeDecisions(): Array<[string, string, boolean]> {
	return CREDENTIALS.flatMap((type) => [
		...NOTICE_SHOWN.map((url): [string, string, boolean] => [type.name, url, true]),
		...NOTICE_HIDDEN.map((url): [string, string, boolean] => [type.name, url, false]),
	]);
}
