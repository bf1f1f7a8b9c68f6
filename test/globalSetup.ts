// n8n-core keeps settings and binary files under N8N_USER_FOLDER: give every test run its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup() {
	const folder = mkdtempSync(path.join(tmpdir(), 'kling-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
	process.env.N8N_LOG_LEVEL ??= 'silent';
	return () => rmSync(folder, { recursive: true, force: true });
}
