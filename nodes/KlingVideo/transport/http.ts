// What one call to a provider is, and what the transport needs to know of the provider that answers it.
// The adapters (providers/) build calls and read errors; the client (client.ts) sends them.

import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

/** A readable stream as n8n's binary store hands it out (community nodes may not import Node's `stream`). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** A file in n8n's binary store (filesystem, S3...), read as a stream rather than held in memory. */
export interface StoredFile {
	stream: BinaryStream;
	/** Its size from the store's metadata (else the binary data's `bytes`); unknown: the upload is sent chunked. */
	bytes?: number;
}

export interface HttpCall {
	method: IHttpRequestMethods;
	path: string;
	/**
	 * JSON, or a ready-made body (multipart uploads) with its Content-Type in headers. A stream body is
	 * read once: the call is never sent again with it.
	 */
	body?: IDataObject | Buffer | BinaryStream;
	qs?: IDataObject;
	headers?: IDataObject;
}

/** What a provider error response means for the caller. */
export type ProviderErrorKind =
	| 'auth'
	| 'quota'
	| 'rateLimited'
	| 'busy'
	| 'notFound'
	| 'invalid'
	| 'contentPolicy'
	| 'server'
	| 'unknown';

export interface ProviderError {
	kind: ProviderErrorKind;
	message: string;
	code?: string;
	/**
	 * The kind comes from an error code or type the provider documents, not from the HTTP status alone
	 * (a bare 404 may come from a proxy or gateway in front of the provider).
	 */
	documented?: boolean;
}

/** The part of a provider the transport uses: whose credential signs the calls, how its errors read. */
export interface ProviderEndpoint {
	displayName: string;
	credentialName: string;
	/** An HTTP error response as a typed provider error. */
	parseError(statusCode: number, body: unknown): ProviderError;
	/** An error envelope inside a successful HTTP answer (Kling AI: `code != 0`), if the provider has one. */
	parseBodyError?(body: unknown): ProviderError | undefined;
}
