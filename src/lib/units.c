// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "units.h"

void fmt_ns(char *buf, size_t len, uint64_t ns)
{
	double v = (double)ns;

	/* thresholds sit where rounding would print "1000" of the smaller unit */
	if (ns < 1000)
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
	else if (v < 999.5e3)
		snprintf(buf, len, "%.*fus", v < 9.995e3 ? 2 : v < 99.95e3 ? 1 : 0, v / 1e3);
	else if (v < 999.5e6)
		snprintf(buf, len, "%.*fms", v < 9.995e6 ? 2 : v < 99.95e6 ? 1 : 0, v / 1e6);
	else if (v < 59.995e9)
		snprintf(buf, len, "%.2fs", v / 1e9);
	else
		snprintf(buf, len, "%.1fmin", v / 6e10);
}

void fmt_count(char *buf, size_t len, double v)
{
	static const char prefix[] = " kMGTPE";
	int i = 0;

	if (v < 1000) {
		snprintf(buf, len, v == (double)(uint64_t)v ? "%.0f" : "%.1f", v);
		return;
	}
	while (v >= 999.5 && i < 6) {
		v /= 1000;
		i++;
	}
	snprintf(buf, len, "%.*f%c", v < 10 ? 2 : v < 100 ? 1 : 0, v, prefix[i]);
}

void fmt_ns_short(char *buf, size_t len, uint64_t ns)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	double v = (double)ns;
	int i = 0;

	while (v >= 1000 && i < 3) {
		v /= 1000;
		i++;
	}
	if (v == (double)(uint64_t)v)
		snprintf(buf, len, "%.0f%s", v, unit[i]);
	else
		snprintf(buf, len, "%.*f%s", v < 10 ? 1 : 0, v, unit[i]);
}

void fmt_elapsed(char *buf, size_t len, double s)
{
	uint64_t t = s > 0 ? (uint64_t)(s + 0.5) : 0;

	if (t < 60)
		snprintf(buf, len, "%llus", (unsigned long long)t);
	else if (t < 3600)
		snprintf(buf, len, "%llum%02llus", (unsigned long long)(t / 60),
			 (unsigned long long)(t % 60));
	else if (t < 86400)
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)(t / 3600),
			 (unsigned long long)(t / 60 % 60));
	else
		snprintf(buf, len, "%llud%02lluh", (unsigned long long)(t / 86400),
			 (unsigned long long)(t / 3600 % 24));
}
