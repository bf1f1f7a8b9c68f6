import { describe, expect, it } from 'vitest';

import { internalHostReason, isInternalUrl } from '../../nodes/KlingVideo/transport/publicHost';

describe('internalHostReason', () => {
	it.each([
		['http://127.0.0.1/video.mp4', 'loopback'],
		['http://127.1.2.3:8080/x', 'loopback'],
		['http://2130706433/', 'loopback'], // decimal 127.0.0.1
		['http://0x7f.0.0.1/', 'loopback'], // hex
		['http://0177.0.0.1/', 'loopback'], // octal
		['http://0.0.0.0/', 'this network'],
		['http://10.1.2.3/', 'private'],
		['http://172.16.0.1/', 'private'],
		['http://172.31.255.255/', 'private'],
		['http://192.168.1.10/', 'private'],
		['http://100.64.0.1/', 'carrier-grade'],
		['http://169.254.169.254/latest/meta-data/', 'link-local'],
		['http://224.0.0.1/', 'multicast'],
		['http://255.255.255.255/', 'reserved'],
		['http://[::1]/', 'loopback'],
		['http://[::]/', 'unspecified'],
		['http://[::ffff:127.0.0.1]/', 'loopback'], // IPv4-mapped
		['http://[::ffff:a9fe:a9fe]/', 'link-local'], // ::ffff:169.254.169.254
		['http://[64:ff9b::a00:1]/', 'private'], // NAT64 of 10.0.0.1
		['http://[::ffff:0:7f00:1]/', 'loopback'], // IPv4-translated 127.0.0.1
		['http://[64:ff9b:1::a9fe:a9fe]/', 'link-local'], // local-use NAT64 of 169.254.169.254
		['http://[2002:7f00:1::1]/', 'loopback'], // 6to4 of 127.0.0.1
		['http://[2002:a9fe:a9fe::]/', 'link-local'], // 6to4 of 169.254.169.254
		['http://[2001:0:4136:e378::1]/', 'Teredo'],
		['http://api.default.svc/', 'internal name'],
		['http://api.default.svc.cluster.local/', 'internal name'],
		['http://METADATA.GOOGLE.INTERNAL./', 'internal name'],
		['http://[fd00::1]/', 'unique-local'],
		['http://[fc12:3456::1]/', 'unique-local'],
		['http://[fe80::1]/', 'link-local'],
		['http://[ff02::1]/', 'multicast'],
		['http://localhost:5678/', 'internal name'],
		['http://LOCALHOST./', 'internal name'],
		['http://api.localhost/', 'internal name'],
		['http://metadata.google.internal/computeMetadata/v1/', 'internal name'],
		['http://db.internal/', 'internal name'],
		['http://printer.local/', 'internal name'],
		['http://metadata/', 'internal name'],
		['http://redis:6379/', 'local name'],
		['not a url', 'not valid'],
	])('refuses %s', (url, reason) => {
		expect(internalHostReason(url)).toContain(reason);
		expect(isInternalUrl(url)).toBe(true);
	});

	it.each([
		'https://cdn.example.com/video.mp4',
		'https://p1-kling.klingai.com/bs2/upload/video.mp4?x-expires=1',
		'http://8.8.8.8/',
		'http://172.32.0.1/', // just outside 172.16/12
		'http://100.128.0.1/', // just outside 100.64/10
		'http://169.255.0.1/',
		'http://[2606:4700::1111]/',
		'http://[::ffff:8.8.8.8]/',
		'http://fox.test:8080/', // a public-looking name (the tests' fake DNS maps .test to 127.0.0.1)
	])('lets %s through', (url) => {
		expect(internalHostReason(url)).toBeUndefined();
	});
});
