// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

#define CANARY 0x5a

/* Escapes @len bytes of @in with a roomy buffer and compares to @want. */
static void check_esc(const char *in, size_t len, const char *want)
{
	char out[256];
	size_t n;

	n = esc_display(in, len, out, sizeof(out));
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

#define CHECK(lit, want) check_esc(lit, sizeof(lit) - 1, want)

static void test_every_single_byte(void **state)
{
	char in[1], out[16], want[16];
	unsigned int c;
	size_t n;

	(void)state;
	for (c = 0; c < 256; c++) {
		in[0] = (char)c;
		if (c == '\\')
			strcpy(want, "\\\\");
		else if (c >= 0x20 && c <= 0x7e)
			snprintf(want, sizeof(want), "%c", c);
		else
			snprintf(want, sizeof(want), "\\x%02x", c);
		memset(out, CANARY, sizeof(out));
		n = esc_display(in, 1, out, sizeof(out));
		assert_string_equal(out, want);
		assert_int_equal(n, strlen(want));
	}
}

static void test_printable_ascii(void **state)
{
	(void)state;
	CHECK("", "");
	CHECK("hello, world", "hello, world");
	CHECK(" !\"#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~",
	      " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~");
	CHECK("/sys/fs/cgroup/system.slice/foo.service", "/sys/fs/cgroup/system.slice/foo.service");
}

static void test_controls(void **state)
{
	(void)state;
	CHECK("a\tb\nc\rd", "a\\x09b\\x0ac\\x0dd");
	CHECK("a\0b", "a\\x00b");
	CHECK("\x7f", "\\x7f");
	CHECK("\x1f\x20", "\\x1f ");
}

static void test_backslash(void **state)
{
	(void)state;
	CHECK("\\", "\\\\");
	CHECK("a\\b\\\\c", "a\\\\b\\\\\\\\c");
	/* a literal "\x1b" in a name must not look like an escaped ESC */
	CHECK("\\x1b", "\\\\x1b");
	CHECK("\x1b", "\\x1b");
}

static void test_valid_utf8(void **state)
{
	(void)state;
	/* 2 bytes: U+00E9, U+00A0 (first after the C1 range), U+07FF */
	CHECK("caf\xc3\xa9", "caf\xc3\xa9");
	CHECK("\xc2\xa0", "\xc2\xa0");
	CHECK("\xdf\xbf", "\xdf\xbf");
	/* 3 bytes: U+0800, U+20AC, U+4E2D, U+D7FF, U+E000, U+FFFD, U+FFFF */
	CHECK("\xe0\xa0\x80", "\xe0\xa0\x80");
	CHECK("\xe2\x82\xac 5", "\xe2\x82\xac 5");
	CHECK("\xe4\xb8\xad", "\xe4\xb8\xad");
	CHECK("\xed\x9f\xbf", "\xed\x9f\xbf");
	CHECK("\xee\x80\x80", "\xee\x80\x80");
	CHECK("\xef\xbf\xbd", "\xef\xbf\xbd");
	CHECK("\xef\xbf\xbf", "\xef\xbf\xbf");
	/* 4 bytes: U+10000, U+1F600, U+10FFFF */
	CHECK("\xf0\x90\x80\x80", "\xf0\x90\x80\x80");
	CHECK("\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!");
	CHECK("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
	/* neighbours of the escaped code points stay */
	CHECK("\xe2\x80\x8d\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
	      "\xe2\x80\x8d\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

static void test_broken_utf8(void **state)
{
	(void)state;
	/* truncated sequences, at the end and before ASCII */
	CHECK("\xc3", "\\xc3");
	CHECK("\xe2\x82", "\\xe2\\x82");
	CHECK("\xf0\x9f\x98", "\\xf0\\x9f\\x98");
	CHECK("\xe2\x82Z", "\\xe2\\x82Z");
	CHECK("\xf0\x9f\x98xy", "\\xf0\\x9f\\x98xy");
	/* a truncated sequence followed by a valid one */
	CHECK("\xe2\x82\xe2\x82\xac", "\\xe2\\x82\xe2\x82\xac");
	/* stray continuation bytes */
	CHECK("\x80", "\\x80");
	CHECK("\xbf", "\\xbf");
	CHECK("a\x80\x80z", "a\\x80\\x80z");
	CHECK("\xc3\xa9\xa9", "\xc3\xa9\\xa9");
	/* overlong: '/' as C0 AF, E0 80 AF, F0 80 80 AF; NUL as C0 80 */
	CHECK("\xc0\xaf", "\\xc0\\xaf");
	CHECK("\xc1\xbf", "\\xc1\\xbf");
	CHECK("\xc0\x80", "\\xc0\\x80");
	CHECK("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	CHECK("\xe0\x9f\xbf", "\\xe0\\x9f\\xbf");
	CHECK("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");
	CHECK("\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf");
	/* surrogates U+D800, U+DBFF, U+DC00, U+DFFF (CESU-8 pair too) */
	CHECK("\xed\xa0\x80", "\\xed\\xa0\\x80");
	CHECK("\xed\xaf\xbf", "\\xed\\xaf\\xbf");
	CHECK("\xed\xb0\x80", "\\xed\\xb0\\x80");
	CHECK("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	CHECK("\xed\xa0\xbd\xed\xb8\x80", "\\xed\\xa0\\xbd\\xed\\xb8\\x80");
	/* above U+10FFFF and lead bytes that never start a sequence */
	CHECK("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	CHECK("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	CHECK("\xf7\xbf\xbf\xbf", "\\xf7\\xbf\\xbf\\xbf");
	CHECK("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
	CHECK("\xfc\x84\x80\x80\x80\x80", "\\xfc\\x84\\x80\\x80\\x80\\x80");
	CHECK("\xfe\xff", "\\xfe\\xff");
	/* a lead byte where a continuation byte is due */
	CHECK("\xc3\xc3\xa9", "\\xc3\xc3\xa9");
	/* a control byte inside a sequence */
	CHECK("\xe2\x0a\xac", "\\xe2\\x0a\\xac");
}

static void test_terminal_sequences(void **state)
{
	(void)state;
	/* CSI colour and cursor control */
	CHECK("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");
	CHECK("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H");
	/* OSC window title, ended by BEL and by ST */
	CHECK("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");
	CHECK("\x1b]2;pwned\x1b\\", "\\x1b]2;pwned\\x1b\\\\");
	/* 8-bit CSI / OSC as raw bytes (invalid UTF-8); octal \233 = 0x9b, \235 = 0x9d */
	CHECK("\23331m", "\\x9b31m");
	CHECK("\2350;t\x9c", "\\x9d0;t\\x9c");
}

static void test_c1_and_bidi(void **state)
{
	(void)state;
	/* C1 controls encoded as UTF-8: U+0080, U+0085 (NEL), U+009B (CSI), U+009F */
	CHECK("\xc2\x80", "\\u0080");
	CHECK("\xc2\x85", "\\u0085");
	CHECK("\xc2\23331m", "\\u009b31m");
	CHECK("\xc2\x9f", "\\u009f");
	/* U+200E LRM, U+200F RLM */
	CHECK("\xe2\x80\x8e", "\\u200e");
	CHECK("\xe2\x80\x8f", "\\u200f");
	/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
	CHECK("\xe2\x80\xa8", "\\u2028");
	CHECK("\xe2\x80\xa9", "\\u2029");
	/* U+202A..U+202E: LRE, RLE, PDF, LRO, RLO */
	CHECK("\xe2\x80\xaa", "\\u202a");
	CHECK("\xe2\x80\xab", "\\u202b");
	CHECK("\xe2\x80\xac", "\\u202c");
	CHECK("\xe2\x80\xad", "\\u202d");
	CHECK("\xe2\x80\xae", "\\u202e");
	/* U+2066..U+2069: LRI, RLI, FSI, PDI */
	CHECK("\xe2\x81\xa6", "\\u2066");
	CHECK("\xe2\x81\xa7", "\\u2067");
	CHECK("\xe2\x81\xa8", "\\u2068");
	CHECK("\xe2\x81\xa9", "\\u2069");
	/* "Trojan source" style name */
	CHECK("evil\xe2\x80\xaegpj.exe", "evil\\u202egpj.exe");
}

/* Independent reference: decode by bit pattern, then range-check the value. */
static size_t ref_unit(const unsigned char *s, size_t len, char *out)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	size_t n, i;

	if (s[0] == '\\') {
		strcpy(out, "\\\\");
		return 1;
	}
	if (s[0] >= 0x20 && s[0] < 0x7f) {
		out[0] = s[0];
		out[1] = '\0';
		return 1;
	}
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
		goto bad;
	}
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto bad;
	if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f || cp == 0x2028 ||
	    cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
		sprintf(out, "\\u%04x", cp);
		return n;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
bad:
	sprintf(out, "\\x%02x", s[0]);
	return 1;
}

static void ref_escape(const unsigned char *s, size_t len, char *out)
{
	size_t i = 0;

	out[0] = '\0';
	while (i < len)
		i += ref_unit(s + i, len - i, out + strlen(out));
}

static void cross_check(const unsigned char *in, size_t len)
{
	char want[64], got[64];

	ref_escape(in, len, want);
	esc_display((const char *)in, len, got, sizeof(got));
	if (strcmp(want, got)) {
		print_error("input %02x %02x %02x %02x (len %zu): want \"%s\" got \"%s\"\n", in[0],
			    len > 1 ? in[1] : 0, len > 2 ? in[2] : 0, len > 3 ? in[3] : 0, len,
			    want, got);
		fail();
	}
}

static void test_against_reference(void **state)
{
	static const unsigned char probe[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90,
					       0x9f, 0xa0, 0xbf, 0xc0, 0xf4, 0xff };
	unsigned char in[4];
	unsigned int a, b, c, d;

	(void)state;
	/* every 2-byte input */
	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			in[0] = a;
			in[1] = b;
			cross_check(in, 2);
		}
	}
	/* every 3-byte input starting with a 3-byte lead */
	for (a = 0xe0; a < 0xf0; a++) {
		for (b = 0; b < 256; b++) {
			for (c = 0; c < 256; c++) {
				in[0] = a;
				in[1] = b;
				in[2] = c;
				cross_check(in, 3);
			}
		}
	}
	/* 4-byte leads with every second byte and boundary bytes after it */
	for (a = 0xf0; a < 0x100; a++) {
		for (b = 0; b < 256; b++) {
			for (c = 0; c < sizeof(probe); c++) {
				for (d = 0; d < sizeof(probe); d++) {
					in[0] = a;
					in[1] = b;
					in[2] = probe[c];
					in[3] = probe[d];
					cross_check(in, 4);
					cross_check(in, 3);
				}
			}
		}
	}
}

/* Input as units, so the escape boundaries are known. */
struct unit {
	const char *in;
	const char *out;
};

static const struct unit units[] = {
	{ "a", "a" },
	{ "\x1b", "\\x1b" },
	{ "\xc3\xa9", "\xc3\xa9" },
	{ "\\", "\\\\" },
	{ "\xe2\x80\xae", "\\u202e" },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "\xff", "\\xff" },
	{ "b", "b" },
	{ "\xe4\xb8\xad", "\xe4\xb8\xad" },
	{ "\xc2\x85", "\\u0085" },
	{ "\x80", "\\x80" },
	{ "z", "z" },
};

#define NR_UNITS (sizeof(units) / sizeof(units[0]))

static void test_truncation(void **state)
{
	char in[128] = "", full[128] = "", buf[160];
	size_t bounds[NR_UNITS + 1], outsz, want, n, i;

	(void)state;
	bounds[0] = 0;
	for (i = 0; i < NR_UNITS; i++) {
		strcat(in, units[i].in);
		strcat(full, units[i].out);
		bounds[i + 1] = strlen(full);
	}

	for (outsz = 1; outsz <= strlen(full) + 2; outsz++) {
		/* the longest whole-unit prefix that leaves room for the NUL */
		want = 0;
		for (i = 0; i <= NR_UNITS; i++)
			if (bounds[i] < outsz)
				want = bounds[i];

		memset(buf, CANARY, sizeof(buf));
		n = esc_cstr(in, buf, outsz);
		assert_int_equal(n, want);
		assert_int_equal(buf[n], '\0');
		assert_memory_equal(buf, full, n);
		for (i = outsz; i < sizeof(buf); i++)
			assert_int_equal((unsigned char)buf[i], CANARY);
	}
}

static void test_tiny_outsz(void **state)
{
	char buf[8];

	(void)state;
	/* outsz 0: nothing written, not even the NUL; NULL is fine */
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(esc_cstr("abc", buf, 0), 0);
	assert_int_equal((unsigned char)buf[0], CANARY);
	assert_int_equal(esc_cstr("abc", NULL, 0), 0);

	/* outsz 1: only the NUL */
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(esc_cstr("abc", buf, 1), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal((unsigned char)buf[1], CANARY);

	/* an escape that does not fit is dropped whole */
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(esc_cstr("\x1b", buf, 4), 0);
	assert_string_equal(buf, "");
	assert_int_equal(esc_cstr("\x1b", buf, 5), 4);
	assert_string_equal(buf, "\\x1b");
	assert_int_equal(esc_cstr("\\", buf, 2), 0);
	assert_int_equal(esc_cstr("\\", buf, 3), 2);

	/* a UTF-8 character that does not fit is not split */
	assert_int_equal(esc_cstr("\xf0\x9f\x98\x80", buf, 4), 0);
	assert_int_equal(esc_cstr("\xf0\x9f\x98\x80", buf, 5), 4);
	assert_int_equal(esc_cstr("x\xe2\x82\xac", buf, 4), 1);
	assert_string_equal(buf, "x");
}

static void test_len_and_cstr(void **state)
{
	char buf[32];

	(void)state;
	/* @len, not the NUL, ends the input */
	assert_int_equal(esc_display("abcdef", 3, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	/* @len cutting a UTF-8 character makes its bytes invalid */
	assert_int_equal(esc_display("\xc3\xa9", 1, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "\\xc3");
	assert_int_equal(esc_display("x", 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(esc_cstr("a\x1b", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "a\\x1b");
	assert_int_equal(esc_cstr("", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

/* what esc_display() wrote reads back as the bytes it was: every byte pair,
 * and the C1/bidi code points it writes as \uXXXX */
static void test_undisplay_inverts_display(void **state)
{
	const char *cps[] = { "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xae", "\xe2\x81\xa9" };
	char in[8], esc[64];
	unsigned int a, b;
	size_t i, n;

	for (a = 1; a < 256; a++) {
		for (b = 1; b < 256; b++) {
			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = '\0';
			esc_cstr(in, esc, sizeof(esc));
			n = esc_undisplay(esc);
			assert_int_equal(n, 2);
			assert_memory_equal(esc, in, 3);
		}
	}
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		esc_cstr(cps[i], esc, sizeof(esc));
		assert_int_equal(esc[0], '\\');
		esc_undisplay(esc);
		assert_string_equal(esc, cps[i]);
	}
	/* what is no escape of esc_display stays as it is */
	snprintf(esc, sizeof(esc), "\\q \\x0 \\u12 \\x00 tail\\");
	esc_undisplay(esc);
	assert_string_equal(esc, "\\q \\x0 \\u12 \\x00 tail\\");
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_single_byte),
		cmocka_unit_test(test_printable_ascii),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_backslash),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_broken_utf8),
		cmocka_unit_test(test_terminal_sequences),
		cmocka_unit_test(test_c1_and_bidi),
		cmocka_unit_test(test_against_reference),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_tiny_outsz),
		cmocka_unit_test(test_len_and_cstr),
		cmocka_unit_test(test_undisplay_inverts_display),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
