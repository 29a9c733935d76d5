// SPDX-License-Identifier: GPL-2.0
/* ui_put_wrap: long notes over a few rows, broken after spaces. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/view.h"

static SCREEN *scr;
static WINDOW *win;

/* a curses screen written to /dev/null: the window is read back */
static int setup(void **state)
{
	FILE *out = fopen("/dev/null", "w");

	setenv("TERM", "xterm-256color", 1);
	scr = out ? newterm(NULL, out, stdin) : NULL;
	if (!scr)
		return -1;
	win = newwin(4, 20, 0, 0);
	return win ? 0 : -1;
}

static int teardown(void **state)
{
	delwin(win);
	endwin();
	delscreen(scr);
	return 0;
}

static void row(int y, const char *want)
{
	char got[32];

	mvwinnstr(win, y, 0, got, 20);
	assert_string_equal(got, want);
}

static void test_fits_on_one_row(void **state)
{
	werase(win);
	assert_int_equal(ui_put_wrap(win, 0, 0, "short note", 20, 2), 1);
	row(0, "short note          ");
	row(1, "                    ");
}

static void test_breaks_after_spaces(void **state)
{
	werase(win);
	/* "unavailable: kvm_exit" would be cut at column 20, in "kvm_exit" */
	assert_int_equal(ui_put_wrap(win, 0, 0, "VM exits unavailable: kvm_exit fires only", 20, 3),
			 3);
	row(0, "VM exits            ");
	row(1, "unavailable:        ");
	row(2, "kvm_exit fires only ");
}

static void test_space_at_the_edge_is_eaten(void **state)
{
	werase(win);
	assert_int_equal(ui_put_wrap(win, 0, 0, "aaaaaaaaaaaaaaaaaaaa bbb", 20, 2), 2);
	row(0, "aaaaaaaaaaaaaaaaaaaa");
	row(1, "bbb                 ");
}

static void test_last_row_is_cut(void **state)
{
	werase(win);
	assert_int_equal(ui_put_wrap(win, 0, 0, "one two three four five six seven eight", 20, 2),
			 2);
	row(0, "one two three four  ");
	row(1, "five six seven eight");
	werase(win);
	/* a word longer than a row is cut, not lost */
	assert_int_equal(ui_put_wrap(win, 0, 0, "abcdefghijklmnopqrstuvwxyz end", 20, 2), 2);
	row(0, "abcdefghijklmnopqrst");
	row(1, "uvwxyz end          ");
}

static void test_nothing_in_no_room(void **state)
{
	assert_int_equal(ui_put_wrap(win, 0, 0, "x", 0, 2), 0);
	assert_int_equal(ui_put_wrap(win, 0, 0, "x", 20, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_on_one_row),
		cmocka_unit_test(test_breaks_after_spaces),
		cmocka_unit_test(test_space_at_the_edge_is_eaten),
		cmocka_unit_test(test_last_row_is_cut),
		cmocka_unit_test(test_nothing_in_no_room),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
