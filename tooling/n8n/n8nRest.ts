// n8n's internal REST API, as its editor uses it: owner setup, login (cookie), and JSON calls. Used to
// press a credential's Test button from a test, and to log a headless browser in.
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Kling',
	lastName: 'Tester',
	password: 'Passw0rd!Kling',
};

export class N8nRest {
	readonly cookies: Record<string, string> = {};

	constructor(readonly base: string) {}

	/** The Cookie header of the logged-in session (empty before login). */
	get cookie(): string {
		return Object.entries(this.cookies)
			.map(([name, value]) => `${name}=${value}`)
			.join('; ');
	}

	async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
		const cookie = this.cookie;
		const response = await fetch(this.base + path, {
			method,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		for (const header of response.headers.getSetCookie()) {
			const [pair] = header.split(';');
			const split = pair.indexOf('=');
			this.cookies[pair.slice(0, split)] = pair.slice(split + 1);
		}
		const text = await response.text();
		let json: unknown = text;
		try {
			json = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: response.status, json };
	}

	/** Claims the fresh instance (and everything imported by CLI before) and logs in. No browser-id header: the cookie then works anywhere. */
	async setupOwnerAndLogin(): Promise<void> {
		const setup = await this.call('POST', '/rest/owner/setup', OWNER);
		if (setup.status !== 200) throw new Error(`owner setup failed: ${JSON.stringify(setup.json)}`);
		const login = await this.call('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.json)}`);
	}

	/**
	 * Activates (2.x: publishes) a stored workflow and waits until its triggers are live. n8n 1.x registers
	 * the webhooks before it answers; 2.x (its workflow publication service, on by default) answers at once
	 * and registers them shortly after, reporting progress at /rest/workflows/:id/publication-status.
	 */
	async activateWorkflow(workflowId: string, timeoutMs = 60_000): Promise<void> {
		const stored = await this.call('GET', `/rest/workflows/${workflowId}`);
		if (stored.status !== 200)
			throw new Error(
				`workflow ${workflowId} not found: ${stored.status} ${JSON.stringify(stored.json)}`,
			);
		const activated = await this.call('POST', `/rest/workflows/${workflowId}/activate`, {
			versionId: stored.json.data.versionId,
		});
		if (activated.status !== 200)
			throw new Error(`activation failed: ${JSON.stringify(activated.json)}`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const publication = await this.call(
				'GET',
				`/rest/workflows/${workflowId}/publication-status`,
			);
			// 1.x has no such route, nor 2.x with N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false: already live.
			if (publication.status === 404) return;
			const state = publication.json?.data as
				| { status?: string; triggers?: Array<{ errorMessage?: string | null }> }
				| undefined;
			if (publication.status === 200 && state?.status === 'published') return;
			if (
				publication.status === 200 &&
				(state?.status === 'failed' || state?.status === 'partial')
			) {
				throw new Error(
					`publishing workflow ${workflowId} failed: ${state.triggers
						?.map((trigger) => trigger.errorMessage)
						.filter(Boolean)
						.join('; ')}`,
				);
			}
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${workflowId} was not published within ${timeoutMs / 1000} s: ${JSON.stringify(publication.json)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** The editor's credential Test button: {status: 'OK' | 'Error', message}. */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}) {
		const answer = await this.call('POST', '/rest/credentials/test', { credentials: credential });
		if (answer.status !== 200)
			throw new Error(
				`credential test call failed: ${answer.status} ${JSON.stringify(answer.json)}`,
			);
		return answer.json.data as { status: string; message: string };
	}
}
