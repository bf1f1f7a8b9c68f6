// The n8n functions that the transport, the downloads and the output run on: execute()'s, or
// webhook()'s when a parked execution's callback finishes its items (in the main or a webhook process).
// They use only what both have: the node, the logger, HTTP and binary data helpers.

import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

export type NodeHost = IExecuteFunctions | IWebhookFunctions;
