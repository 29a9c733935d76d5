// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "jsonread.h"

void jr_init(struct json_reader *r, const char *text, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->p = text;
	r->end = text + len;
}

static void skip_space(struct json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* After the opening quote: finds the closing one. */
static bool scan_string(struct json_reader *r)
{
	const char *s = r->p;

	while (r->p < r->end && *r->p != '"') {
		if ((unsigned char)*r->p < 0x20)
			return false;
		if (*r->p == '\\') {
			r->p++;
			if (r->p >= r->end)
				return false;
		}
		r->p++;
	}
	if (r->p >= r->end)
		return false;
	r->tok = s;
	r->tok_len = r->p - s;
	r->p++;
	return true;
}

static bool literal(struct json_reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return false;
	r->p += n;
	return true;
}

static enum jr_token value_token(struct json_reader *r)
{
	char c = *r->p;

	r->want_value = false;
	if (c == '"') {
		r->p++;
		if (!scan_string(r))
			return JR_ERROR;
		skip_space(r);
		if (r->p < r->end && *r->p == ':') {
			r->p++;
			r->want_value = true;
			return JR_KEY;
		}
		r->after_value = true;
		return JR_STRING;
	}
	if (c == '{' || c == '[') {
		r->p++;
		r->depth++;
		r->after_value = false;
		return c == '{' ? JR_OBJECT_START : JR_ARRAY_START;
	}
	r->after_value = true;
	if (literal(r, "true"))
		return JR_TRUE;
	if (literal(r, "false"))
		return JR_FALSE;
	if (literal(r, "null"))
		return JR_NULL;
	if (c == '-' || (c >= '0' && c <= '9')) {
		r->tok = r->p;
		while (r->p < r->end && strchr("+-0123456789.eE", *r->p))
			r->p++;
		r->tok_len = r->p - r->tok;
		return JR_NUMBER;
	}
	return JR_ERROR;
}

enum jr_token jr_next(struct json_reader *r)
{
	skip_space(r);
	if (r->p >= r->end)
		return r->depth ? JR_ERROR : JR_END;
	if (*r->p == '}' || *r->p == ']') {
		char c = *r->p++;

		if (!r->depth || r->want_value)
			return JR_ERROR;
		r->depth--;
		r->after_value = true;
		return c == '}' ? JR_OBJECT_END : JR_ARRAY_END;
	}
	if (r->after_value) {
		if (*r->p != ',')
			return JR_ERROR;
		r->p++;
		skip_space(r);
		if (r->p >= r->end)
			return JR_ERROR;
		r->after_value = false;
	}
	return value_token(r);
}

enum jr_token jr_skip(struct json_reader *r, enum jr_token first)
{
	int depth;
	enum jr_token t;

	if (first == JR_KEY)
		first = jr_next(r);
	if (first != JR_OBJECT_START && first != JR_ARRAY_START)
		return first;
	depth = 1;
	while (depth) {
		t = jr_next(r);
		if (t == JR_ERROR || t == JR_END)
			return JR_ERROR;
		if (t == JR_OBJECT_START || t == JR_ARRAY_START)
			depth++;
		else if (t == JR_OBJECT_END || t == JR_ARRAY_END)
			depth--;
	}
	return first;
}

static int hex4(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t put_utf8(char *out, unsigned int cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

bool jr_string(const struct json_reader *r, char *out, size_t len)
{
	const char *s = r->tok, *end = r->tok + r->tok_len;
	size_t n = 0;

	if (!len)
		return false;
	while (s < end) {
		char buf[4];
		size_t k = 1;
		int cp, lo;

		if (*s != '\\') {
			buf[0] = *s++;
		} else {
			s++;
			switch (*s) {
			case 'n':
				buf[0] = '\n';
				break;
			case 't':
				buf[0] = '\t';
				break;
			case 'r':
				buf[0] = '\r';
				break;
			case 'b':
				buf[0] = '\b';
				break;
			case 'f':
				buf[0] = '\f';
				break;
			case 'u':
				cp = end - s >= 5 ? hex4(s + 1) : -1;
				if (cp < 0)
					cp = 0xfffd;
				else
					s += 4;
				/* a surrogate pair makes one code point */
				if (cp >= 0xd800 && cp < 0xdc00 && end - s >= 7 && s[1] == '\\' &&
				    s[2] == 'u' && (lo = hex4(s + 3)) >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					s += 6;
				} else if (cp >= 0xd800 && cp < 0xe000) {
					cp = 0xfffd;
				}
				k = put_utf8(buf, (unsigned int)cp);
				break;
			default:
				buf[0] = *s;
				break; /* \" \\ \/ */
			}
			s++;
		}
		if (n + k >= len) {
			out[n] = '\0';
			return false;
		}
		memcpy(out + n, buf, k);
		n += k;
	}
	out[n] = '\0';
	return true;
}

bool jr_is(const struct json_reader *r, const char *s)
{
	return strlen(s) == r->tok_len && !memcmp(r->tok, s, r->tok_len);
}
