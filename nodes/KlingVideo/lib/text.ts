// Text that goes where a line break or a control character would do harm: a multipart header, a log line.

/** C0 controls, DEL, C1 controls and the Unicode line and paragraph separators. */
export function isControl(codePoint: number): boolean {
	return (
		codePoint <= 0x1f ||
		(codePoint >= 0x7f && codePoint <= 0x9f) ||
		codePoint === 0x2028 ||
		codePoint === 0x2029
	);
}

/** The text with every control character replaced (by nothing, unless told). */
export function withoutControls(value: string, replacement = ''): string {
	return Array.from(value)
		.map((character) => (isControl(character.codePointAt(0) ?? 0) ? replacement : character))
		.join('');
}
