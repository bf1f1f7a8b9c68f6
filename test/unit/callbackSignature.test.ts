import { describe, expect, it } from 'vitest';

import { signatureProblem } from '../../nodes/KlingVideo/run/park/signature';
import { webhookHeaders } from '../../tooling/simulator/klingAi';

// Kling's own test vector (docs "Webhook Signature", .research/kling-current-platform.md 4c).
const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
const BODY =
	'{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}';
const AT = 1781080794;
const signed = (signature: string, body: string = BODY, timestamp = String(AT)) => ({
	headers: {
		'webhook-id': '9876543210',
		'webhook-timestamp': timestamp,
		'webhook-signature': signature,
	},
	rawBody: Buffer.from(body),
});

describe('Standard Webhooks signature of a Kling callback', () => {
	it("verifies the vendor's test vector", () => {
		expect(
			signatureProblem(
				SECRET,
				signed('v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4='),
				AT * 1000,
			),
		).toBeUndefined();
	});

	it('takes any matching entry of a rotation list and skips other versions', () => {
		const header =
			'v2,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4= v1,AAAA v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=';
		expect(signatureProblem(SECRET, signed(header), AT * 1000)).toBeUndefined();
		expect(
			signatureProblem(
				SECRET,
				signed('v2,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4='),
				AT * 1000,
			),
		).toMatch(/does not match/);
	});

	it('refuses a changed body, another secret, a missing header and a stale timestamp', () => {
		const good = 'v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=';
		expect(
			signatureProblem(SECRET, signed(good, BODY.replace('succeeded', 'failed')), AT * 1000),
		).toMatch(/does not match/);
		expect(signatureProblem('whsec_b3RoZXJzZWNyZXQ=', signed(good), AT * 1000)).toMatch(
			/does not match/,
		);
		expect(signatureProblem(SECRET, { headers: {}, rawBody: BODY }, AT * 1000)).toMatch(
			/no webhook/,
		);
		expect(signatureProblem(SECRET, signed(good), (AT + 301) * 1000)).toMatch(/5 minutes/);
		expect(signatureProblem(SECRET, signed(good), (AT - 301) * 1000)).toMatch(/5 minutes/);
		expect(signatureProblem(SECRET, signed(good), (AT + 299) * 1000)).toBeUndefined();
		expect(signatureProblem(SECRET, signed(good, BODY, 'soon'), AT * 1000)).toMatch(/Unix time/);
		expect(signatureProblem(SECRET, { ...signed(good), rawBody: undefined }, AT * 1000)).toMatch(
			/raw body/,
		);
	});

	it("verifies what the simulator signs (the e2e tests' callbacks)", () => {
		const body = '{"id":"42","status":"succeed"}';
		const headers = webhookHeaders(SECRET, '42', body, AT);
		expect(signatureProblem(SECRET, { headers, rawBody: body }, AT * 1000)).toBeUndefined();
	});
});
