// A multipart/form-data body built by hand: n8n 1.x sets multipart headers only for the form-data
// package, which community nodes may not import, so the body and its Content-Type are explicit here.

import { randomBytes } from 'crypto';

export interface FilePart {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

export function multipartBody(fields: Record<string, string>, file: FilePart): { body: Buffer; contentType: string } {
	const boundary = `----n8nKlingVideo${randomBytes(12).toString('hex')}`;
	const quote = (value: string) => value.replace(/["\r\n]/g, '_');
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
		),
		file.data,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	);
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
