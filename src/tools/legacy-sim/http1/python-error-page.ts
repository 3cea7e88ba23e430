// Error pages in the shape of Python's BaseHTTPServer (`send_error`): what legacy's front
// answers when it cannot make sense of the bytes on a connection.

/** The Content-Type Python sends with its error pages. */
export const PYTHON_ERROR_CONTENT_TYPE = 'text/html;charset=utf-8';

/** Longest part of an offending request line quoted back. */
const QUOTED_LINE_CHARS = 200;

const EXPLANATIONS: Record<number, string> = {
  400: 'Bad request syntax or unsupported method',
  413: 'Content is too large',
  431: 'The server is unwilling to process the request because its header fields are too large',
  501: 'Server does not support this operation',
};

/** The HTML page Python sends with `send_error(status, message)`. */
export function pythonErrorPage(status: number, message: string): string {
  return `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: ${status}</p>
        <p>Message: ${escapeHtml(message)}.</p>
        <p>Error code explanation: ${status} - ${EXPLANATIONS[status] ?? 'Error'}.</p>
    </body>
</html>
`;
}

/** `Bad request syntax ('…')` for a line that is not a request line. */
export function badRequestSyntax(firstLine: string): string {
  return `Bad request syntax (${pythonRepr(firstLine.slice(0, QUOTED_LINE_CHARS))})`;
}

/** Python's `repr()` of a str whose characters are all below U+0100 (a line decoded as Latin-1). */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/** `html.escape(text, quote=False)`: quotes stay as they are, which is why the page shows JSON verbatim. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
