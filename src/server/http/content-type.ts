/**
 * Every text answer says its charset: without it a browser guesses (and old ones guessed
 * Windows-1252 for a French CSV). All text the portal writes or copies is UTF-8.
 */
const TEXTUAL = /^(?:text\/|application\/(?:json|javascript|xml|ecmascript|manifest\+json|[\w.-]+\+(?:json|xml))\b)|^image\/svg\+xml\b/i;

export function withCharset(type: string | undefined): string | undefined {
  if (!type || /;\s*charset=/i.test(type) || !TEXTUAL.test(type)) return type;
  return `${type}; charset=utf-8`;
}
