// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "json.h"

/*
 * A strict RFC 8259 validator, so the tests need nothing at run time. When
 * @dec is set, the first string seen is decoded into it.
 */
struct jp {
	const unsigned char *s, *end;
	int depth;
	char *dec;
	size_t dec_len;
	bool decoded;
};

static bool jp_value(struct jp *p);

static void jp_ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static bool jp_lit(struct jp *p, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, lit, n))
		return false;
	p->s += n;
	return true;
}

static bool jp_digits(struct jp *p)
{
	const unsigned char *start = p->s;

	while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
		p->s++;
	return p->s > start;
}

static bool jp_number(struct jp *p)
{
	if (p->s < p->end && *p->s == '-')
		p->s++;
	if (p->s < p->end && *p->s == '0')
		p->s++;
	else if (p->s >= p->end || *p->s < '1' || *p->s > '9' || !jp_digits(p))
		return false;
	if (p->s < p->end && *p->s == '.') {
		p->s++;
		if (!jp_digits(p))
			return false;
	}
	if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (!jp_digits(p))
			return false;
	}
	return true;
}

/* Length of a well-formed UTF-8 character at s, 0 if none. */
static size_t jp_utf8(const unsigned char *s, const unsigned char *end)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	size_t n, i;

	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - s) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int jp_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void jp_put(struct jp *p, bool decode, const void *b, size_t n)
{
	if (decode) {
		memcpy(p->dec + p->dec_len, b, n);
		p->dec_len += n;
	}
}

static const char jp_escapes[] = "\"\\/bfnrtu";
static const char jp_unescaped[] = "\"\\/\b\f\n\r\t";

static bool jp_string(struct jp *p)
{
	bool decode = p->dec && !p->decoded;
	unsigned int cp, i;
	const char *esc;
	char c;
	size_t n;
	int h;

	if (p->s >= p->end || *p->s != '"')
		return false;
	p->s++;
	while (p->s < p->end) {
		if (*p->s == '"') {
			p->s++;
			if (decode) {
				p->dec[p->dec_len] = '\0';
				p->decoded = true;
			}
			return true;
		}
		if (*p->s < 0x20)
			return false;
		if (*p->s == '\\') {
			if (++p->s >= p->end)
				return false;
			esc = strchr(jp_escapes, *p->s);
			if (!esc || !*p->s)
				return false;
			if (*p->s == 'u') {
				cp = 0;
				for (i = 0; i < 4; i++) {
					if (++p->s >= p->end || (h = jp_hex(*p->s)) < 0)
						return false;
					cp = cp << 4 | h;
				}
				/* the writer never emits \u; only ASCII is decoded */
				c = cp < 0x80 ? (char)cp : '?';
			} else {
				c = jp_unescaped[esc - jp_escapes];
			}
			jp_put(p, decode, &c, 1);
			p->s++;
			continue;
		}
		if (*p->s < 0x80) {
			jp_put(p, decode, p->s, 1);
			p->s++;
			continue;
		}
		n = jp_utf8(p->s, p->end);
		if (!n)
			return false;
		jp_put(p, decode, p->s, n);
		p->s += n;
	}
	return false;
}

static bool jp_container(struct jp *p, bool object)
{
	bool first = true;

	if (++p->depth > 512)
		return false;
	p->s++;
	jp_ws(p);
	if (p->s < p->end && *p->s == (object ? '}' : ']')) {
		p->s++;
		p->depth--;
		return true;
	}
	for (;;) {
		if (!first) {
			jp_ws(p);
			if (p->s >= p->end)
				return false;
			if (*p->s == (object ? '}' : ']')) {
				p->s++;
				p->depth--;
				return true;
			}
			if (*p->s != ',')
				return false;
			p->s++;
		}
		first = false;
		jp_ws(p);
		if (object) {
			if (!jp_string(p))
				return false;
			jp_ws(p);
			if (p->s >= p->end || *p->s != ':')
				return false;
			p->s++;
		}
		if (!jp_value(p))
			return false;
	}
}

static bool jp_value(struct jp *p)
{
	jp_ws(p);
	if (p->s >= p->end)
		return false;
	switch (*p->s) {
	case '{':
		return jp_container(p, true);
	case '[':
		return jp_container(p, false);
	case '"':
		return jp_string(p);
	case 't':
		return jp_lit(p, "true");
	case 'f':
		return jp_lit(p, "false");
	case 'n':
		return jp_lit(p, "null");
	default:
		return jp_number(p);
	}
}

/* @text holds exactly one JSON value; the first string goes to @dec if set. */
static bool json_valid(const char *text, size_t len, char *dec)
{
	struct jp p = {
		.s = (const unsigned char *)text,
		.end = (const unsigned char *)text + len,
		.dec = dec,
	};

	if (!jp_value(&p))
		return false;
	jp_ws(&p);
	return p.s == p.end;
}

static bool valid_str(const char *text)
{
	return json_valid(text, strlen(text), NULL);
}

struct mem {
	char *buf;
	size_t len;
	FILE *f;
	struct json_writer *jw;
};

static int setup(void **state)
{
	struct mem *m = calloc(1, sizeof(*m));

	if (!m)
		return -1;
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		return -1;
	m->jw = jw_new(m->f);
	if (!m->jw)
		return -1;
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	struct mem *m = *state;

	jw_free(m->jw);
	fclose(m->f);
	free(m->buf);
	free(m);
	return 0;
}

/* Output so far; the next call returns only what was written after it. */
static const char *output(struct mem *m)
{
	jw_flush(m->jw);
	assert_int_equal(fflush(m->f), 0);
	assert_false(ferror(m->f));
	return m->buf;
}

/* Starts the memory stream over. */
static void reset(struct mem *m)
{
	jw_free(m->jw);
	fclose(m->f);
	free(m->buf);
	m->buf = NULL;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	m->jw = jw_new(m->f);
	assert_non_null(m->jw);
}

static void expect(struct mem *m, const char *want)
{
	const char *got = output(m);

	assert_string_equal(got, want);
	assert_true(valid_str(got));
	assert_true(jw_balanced(m->jw));
}

static void test_validator(void **state)
{
	static const char *const good[] = {
		"{}",
		"[]",
		"0",
		"-0",
		"1.5e10",
		"-0.0",
		"1E+2",
		"true",
		"false",
		"null",
		"\"\"",
		"\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"",
		" [ 1 , {\"a\" : [ ] } ] ",
		"\"\xc3\xa9\xf0\x9f\x98\x80\"",
	};
	static const char *const bad[] = {
		"",	    "{",	 "[1,]",     "[1 2]",	     "{\"a\":1,}",
		"{\"a\"}",  "{a:1}",	 "01",	     "1.",	     ".5",
		"+1",	    "1e",	 "nan",	     "null x",	     "[]]",
		"\"\x01\"", "\"\x1b\"",	 "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
		"\"\\q\"",  "\"\\u12\"", "\"abc",    "'a'",	     "tru",
		"[nul]",    "{\"a\" 1}", "-",	     "--1",	     "1 2",
	};
	unsigned int i;

	(void)state;
	/* prove the validator is not a rubber stamp */
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(valid_str(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (valid_str(bad[i])) {
			print_error("validator accepted '%s'\n", bad[i]);
			fail();
		}
	}
}

static void test_empty(void **state)
{
	struct mem *m = *state;

	assert_true(jw_balanced(m->jw));
	jw_start_object(m->jw);
	jw_end_object(m->jw);
	expect(m, "{}");
	reset(m);
	jw_start_array(m->jw);
	jw_end_array(m->jw);
	expect(m, "[]");
}

static void test_nested(void **state)
{
	struct mem *m = *state;

	jw_start_object(m->jw);
	jw_uint_field(m->jw, "a", 1);
	jw_name(m->jw, "b");
	jw_start_array(m->jw);
	jw_uint(m->jw, 1);
	jw_uint(m->jw, 2);
	jw_start_object(m->jw);
	jw_null_field(m->jw, "c");
	jw_end_object(m->jw);
	jw_start_array(m->jw);
	jw_end_array(m->jw);
	jw_start_array(m->jw);
	jw_start_array(m->jw);
	jw_string(m->jw, "deep");
	jw_end_array(m->jw);
	jw_end_array(m->jw);
	jw_end_array(m->jw);
	jw_name(m->jw, "d");
	jw_start_object(m->jw);
	jw_end_object(m->jw);
	jw_string_field(m->jw, "e", "x");
	jw_bool_field(m->jw, "t", true);
	jw_bool_field(m->jw, "f", false);
	jw_int_field(m->jw, "i", -5);
	jw_float_field(m->jw, "g", 0.5, 1);
	jw_string_field(m->jw, "n", NULL);
	jw_name(m->jw, "o");
	jw_start_object(m->jw);
	jw_name(m->jw, "p");
	jw_start_object(m->jw);
	jw_bool_field(m->jw, "q", false);
	jw_end_object(m->jw);
	jw_end_object(m->jw);
	jw_end_object(m->jw);
	expect(m,
	       "{\"a\":1,\"b\":[1,2,{\"c\":null},[],[[\"deep\"]]],\"d\":{},\"e\":\"x\","
	       "\"t\":true,\"f\":false,\"i\":-5,\"g\":0.5,\"n\":null,\"o\":{\"p\":{\"q\":false}}}");
}

static void test_scalars_in_array(void **state)
{
	struct mem *m = *state;

	jw_start_array(m->jw);
	jw_bool(m->jw, true);
	jw_bool(m->jw, false);
	jw_null(m->jw);
	jw_string(m->jw, NULL);
	jw_string(m->jw, "");
	jw_end_array(m->jw);
	expect(m, "[true,false,null,null,\"\"]");
}

static void test_integers(void **state)
{
	struct mem *m = *state;

	jw_start_array(m->jw);
	jw_uint(m->jw, 0);
	jw_uint(m->jw, 1);
	jw_uint(m->jw, UINT64_MAX);
	jw_int(m->jw, 0);
	jw_int(m->jw, -1);
	jw_int(m->jw, INT64_MIN);
	jw_int(m->jw, INT64_MAX);
	jw_uint(m->jw, 9007199254740993ULL); /* 2^53 + 1: not a double */
	jw_end_array(m->jw);
	expect(m, "[0,1,18446744073709551615,0,-1,-9223372036854775808,9223372036854775807,"
		  "9007199254740993]");
	reset(m);
	jw_start_object(m->jw);
	jw_uint_field(m->jw, "max", UINT64_MAX);
	jw_int_field(m->jw, "min", INT64_MIN);
	jw_end_object(m->jw);
	expect(m, "{\"max\":18446744073709551615,\"min\":-9223372036854775808}");
}

static void test_floats(void **state)
{
	struct mem *m = *state;
	const char *out;

	jw_start_array(m->jw);
	jw_float(m->jw, 1.5, 2);
	jw_float(m->jw, -0.25, 3);
	jw_float(m->jw, 1.0 / 3, 3);
	jw_float(m->jw, 42, 0);
	jw_float(m->jw, 2.25, -1);
	jw_float(m->jw, 1e20, 0);
	jw_float(m->jw, -0.0, 1);
	jw_float(m->jw, NAN, 2);
	jw_float(m->jw, -NAN, 2);
	jw_float(m->jw, INFINITY, 2);
	jw_float(m->jw, -INFINITY, 0);
	jw_end_array(m->jw);
	expect(m, "[1.50,-0.250,0.333,42,2,100000000000000000000,-0.0,null,null,null,null]");

	reset(m);
	jw_start_object(m->jw);
	jw_float_field(m->jw, "nan", NAN, 1);
	jw_float_field(m->jw, "inf", INFINITY, 1);
	jw_float_field(m->jw, "ok", 99.99, 2);
	jw_end_object(m->jw);
	expect(m, "{\"nan\":null,\"inf\":null,\"ok\":99.99}");

	/* the longest %f there is still comes out whole */
	reset(m);
	jw_start_array(m->jw);
	jw_float(m->jw, -DBL_MAX, 1000);
	jw_float(m->jw, DBL_MIN, 17);
	jw_end_array(m->jw);
	out = output(m);
	assert_true(valid_str(out));
	assert_int_equal(strlen(out), 1 + 1 + 309 + 1 + 17 + 1 + 19 + 1);
	assert_string_equal(out + strlen(out) - 21, ",0.00000000000000000]");
}

/* %f follows LC_NUMERIC; JSON does not. */
static void test_float_locale(void **state)
{
	static const char *const comma_locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
						     "fr_FR.utf8",  "de_DE",	  "fr_FR" };
	struct mem *m = *state;
	const char *loc = NULL;
	char probe[16];
	unsigned int i;

	for (i = 0; i < sizeof(comma_locales) / sizeof(comma_locales[0]) && !loc; i++)
		loc = setlocale(LC_NUMERIC, comma_locales[i]);
	if (!loc)
		skip();
	snprintf(probe, sizeof(probe), "%.1f", 1.5);
	if (strcmp(probe, "1,5")) {
		setlocale(LC_NUMERIC, "C");
		skip();
	}
	jw_start_array(m->jw);
	jw_float(m->jw, 1.5, 1);
	jw_float(m->jw, -1234567.25, 2);
	jw_float(m->jw, 3, 0);
	jw_end_array(m->jw);
	setlocale(LC_NUMERIC, "C");
	expect(m, "[1.5,-1234567.25,3]");
}

/* Writes ["s"] and returns the decoded string, checking validity on the way. */
static void check_string(struct mem *m, const char *s)
{
	size_t len = strlen(s);
	char *want = malloc(4 * len + 1), *dec = malloc(4 * len + 1);
	const char *out;

	assert_non_null(want);
	assert_non_null(dec);
	reset(m);
	jw_start_array(m->jw);
	jw_string(m->jw, s);
	jw_end_array(m->jw);
	out = output(m);
	assert_true(jw_balanced(m->jw));
	if (!json_valid(out, strlen(out), dec)) {
		print_error("invalid JSON: %s\n", out);
		fail();
	}
	/* JSON quoting must be exactly reversible to the esc_display() text */
	esc_cstr(s, want, 4 * len + 1);
	assert_string_equal(dec, want);
	free(want);
	free(dec);
}

static void test_string_every_byte(void **state)
{
	struct mem *m = *state;
	char s[2] = "", all[512];
	unsigned int c, i;

	/* a C string cannot hold 0x00; esc_display tests cover it */
	for (c = 1; c < 256; c++) {
		s[0] = (char)c;
		check_string(m, s);
	}
	/* all together, forwards and backwards, so bytes meet their neighbours */
	for (i = 0; i < 255; i++)
		all[i] = (char)(i + 1);
	all[255] = '\0';
	check_string(m, all);
	for (i = 0; i < 255; i++)
		all[i] = (char)(255 - i);
	check_string(m, all);
	/* every pair of bytes */
	for (c = 1; c < 256; c++) {
		for (i = 1; i < 256; i++) {
			all[2 * (i - 1)] = (char)c;
			all[2 * (i - 1) + 1] = (char)i;
		}
		all[510] = '\0';
		check_string(m, all);
	}
}

static void test_string_quoting(void **state)
{
	struct mem *m = *state;

	jw_start_object(m->jw);
	jw_string_field(m->jw, "q", "a\"b");
	jw_string_field(m->jw, "b", "a\\b");
	jw_string_field(m->jw, "esc", "\x1b[31m");
	jw_string_field(m->jw, "k\"\\", "v");
	jw_string_field(m->jw, "bidi", "\xe2\x80\xae");
	jw_string_field(m->jw, "utf8", "caf\xc3\xa9");
	jw_string_field(m->jw, "bad", "\xff\"");
	jw_string_field(m->jw, "ls", "\xe2\x80\xa8");
	jw_end_object(m->jw);
	/* esc_display() turns \ into \\, JSON quoting doubles both again */
	expect(m, "{\"q\":\"a\\\"b\",\"b\":\"a\\\\\\\\b\",\"esc\":\"\\\\x1b[31m\","
		  "\"k\\\"\\\\\\\\\":\"v\",\"bidi\":\"\\\\u202e\",\"utf8\":\"caf\xc3\xa9\","
		  "\"bad\":\"\\\\xff\\\"\",\"ls\":\"\\\\u2028\"}");
}

/* Strings longer than the writer's internal chunk, split at every offset. */
static void test_long_strings(void **state)
{
	static const char *const fill[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
					    "\x80",	"\xe2\x80\xae", "\"\\",
					    "\x1b",	"\xf0\x9f\x98", "\xed\xa0\x80",
					    "a\xc3" };
	struct mem *m = *state;
	char s[2100];
	unsigned int f, pad, i;
	uint32_t rnd = 12345;

	for (f = 0; f < sizeof(fill) / sizeof(fill[0]); f++) {
		for (pad = 0; pad < 8; pad++) {
			memset(s, 'x', pad);
			s[pad] = '\0';
			while (strlen(s) + strlen(fill[f]) < 2000)
				strcat(s, fill[f]);
			check_string(m, s);
		}
	}
	/* random bytes, heavy on UTF-8 lead and continuation bytes */
	for (f = 0; f < 200; f++) {
		for (i = 0; i < 2000; i++) {
			rnd = rnd * 1103515245 + 12345;
			s[i] = (char)(rnd >> 16 & 0xff);
			if (!s[i] || (rnd & 0x100))
				s[i] = (char)(0x80 | (rnd >> 8 & 0x7f));
		}
		s[2000] = '\0';
		check_string(m, s);
	}
}

static void test_json_lines(void **state)
{
	struct mem *m = *state;
	const char *out;

	jw_start_object(m->jw);
	jw_uint_field(m->jw, "a", 1);
	jw_end_object(m->jw);
	assert_true(jw_balanced(m->jw));
	fputc('\n', m->f);
	jw_start_object(m->jw);
	jw_uint_field(m->jw, "a", 2);
	jw_end_object(m->jw);
	fputc('\n', m->f);
	out = output(m);
	assert_string_equal(out, "{\"a\":1}\n{\"a\":2}\n");
	assert_true(json_valid(out, 7, NULL));
	assert_true(json_valid(out + 8, 7, NULL));
}

static void test_balanced(void **state)
{
	struct mem *m = *state;

	assert_true(jw_balanced(m->jw));
	jw_start_object(m->jw);
	assert_false(jw_balanced(m->jw));
	jw_name(m->jw, "a");
	assert_false(jw_balanced(m->jw));
	jw_start_array(m->jw);
	assert_false(jw_balanced(m->jw));
	jw_end_array(m->jw);
	assert_false(jw_balanced(m->jw));
	jw_end_object(m->jw);
	assert_true(jw_balanced(m->jw));
	expect(m, "{\"a\":[]}");
}

/* Misuse leaves the output valid JSON, but unbalanced. */
static void test_misuse(void **state)
{
	struct mem *m = *state;
	const char *out;
	int i;

	/* an end without a start writes nothing */
	jw_end_object(m->jw);
	jw_end_array(m->jw);
	assert_string_equal(output(m), "");
	assert_false(jw_balanced(m->jw));

	/* a mismatched end is ignored */
	reset(m);
	jw_start_array(m->jw);
	jw_end_object(m->jw);
	jw_end_array(m->jw);
	assert_string_equal(output(m), "[]");
	assert_false(jw_balanced(m->jw));

	/* a value without a key gets an empty one */
	reset(m);
	jw_start_object(m->jw);
	jw_uint(m->jw, 1);
	jw_uint(m->jw, 2);
	jw_end_object(m->jw);
	out = output(m);
	assert_string_equal(out, "{\"\":1,\"\":2}");
	assert_true(valid_str(out));
	assert_false(jw_balanced(m->jw));

	/* a key without a value gets null */
	reset(m);
	jw_start_object(m->jw);
	jw_name(m->jw, "a");
	jw_name(m->jw, "b");
	jw_uint(m->jw, 1);
	jw_name(m->jw, "c");
	jw_end_object(m->jw);
	out = output(m);
	assert_string_equal(out, "{\"a\":null,\"b\":1,\"c\":null}");
	assert_false(jw_balanced(m->jw));

	/* a key outside an object is dropped */
	reset(m);
	jw_name(m->jw, "x");
	jw_start_array(m->jw);
	jw_name(m->jw, "y");
	jw_uint(m->jw, 1);
	jw_end_array(m->jw);
	assert_string_equal(output(m), "[1]");
	assert_false(jw_balanced(m->jw));

	/* a NULL key is an empty one */
	reset(m);
	jw_start_object(m->jw);
	jw_uint_field(m->jw, NULL, 1);
	jw_end_object(m->jw);
	expect(m, "{\"\":1}");

	/* nesting too deep becomes null and its contents vanish */
	reset(m);
	for (i = 0; i < 100; i++) {
		jw_start_object(m->jw);
		jw_name(m->jw, "k");
		jw_start_array(m->jw);
		jw_uint(m->jw, i);
	}
	for (i = 0; i < 100; i++) {
		jw_end_array(m->jw);
		jw_end_object(m->jw);
	}
	out = output(m);
	assert_true(valid_str(out));
	assert_false(jw_balanced(m->jw));
	assert_non_null(strstr(out, "null"));
	assert_int_equal(out[strlen(out) - 1], '}');
}

/* 64 levels are kept; a container beyond becomes null, and the writer goes on. */
static void test_depth_limit(void **state)
{
	struct mem *m = *state;
	char want[256];
	int i;

	for (i = 0; i < 64; i++)
		jw_start_array(m->jw);
	for (i = 0; i < 64; i++)
		jw_end_array(m->jw);
	memset(want, '[', 64);
	memset(want + 64, ']', 64);
	want[128] = '\0';
	expect(m, want);

	reset(m);
	for (i = 0; i < 64; i++)
		jw_start_array(m->jw);
	jw_start_object(m->jw);
	jw_uint_field(m->jw, "x", 1);
	jw_start_array(m->jw);
	jw_end_array(m->jw);
	jw_end_object(m->jw);
	jw_uint(m->jw, 7);
	for (i = 0; i < 64; i++)
		jw_end_array(m->jw);
	memset(want, '[', 64);
	strcpy(want + 64, "null,7");
	memset(want + 70, ']', 64);
	want[134] = '\0';
	assert_string_equal(output(m), want);
	assert_true(valid_str(want));
	assert_false(jw_balanced(m->jw));
}

static void test_new_free(void **state)
{
	(void)state;
	assert_null(jw_new(NULL));
	jw_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validator),
		T(test_empty),
		T(test_nested),
		T(test_scalars_in_array),
		T(test_integers),
		T(test_floats),
		T(test_float_locale),
		T(test_string_every_byte),
		T(test_string_quoting),
		T(test_long_strings),
		T(test_json_lines),
		T(test_balanced),
		T(test_misuse),
		T(test_depth_limit),
		cmocka_unit_test(test_new_free),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
