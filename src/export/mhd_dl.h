/* SPDX-License-Identifier: GPL-2.0 */
/* libmicrohttpd's functions, opened at run time (mhd_dl.c). */
#ifndef CVTOP_MHD_DL_H
#define CVTOP_MHD_DL_H

#include <stddef.h>
#include <microhttpd.h>

/* X(field, symbol): every function the exporter calls */
#define MHD_FUNCS(X)                                                              \
	X(start_daemon, MHD_start_daemon)                                         \
	X(stop_daemon, MHD_stop_daemon)                                           \
	X(create_response_from_buffer, MHD_create_response_from_buffer)           \
	X(create_response_from_buffer_with_free_callback_cls,                     \
	  MHD_create_response_from_buffer_with_free_callback_cls)                 \
	X(add_response_header, MHD_add_response_header)                           \
	X(queue_response, MHD_queue_response)                                     \
	X(destroy_response, MHD_destroy_response)                                 \
	X(lookup_connection_value, MHD_lookup_connection_value)                   \
	X(basic_auth_get_username_password, MHD_basic_auth_get_username_password) \
	X(queue_basic_auth_fail_response, MHD_queue_basic_auth_fail_response)     \
	X(free, MHD_free)

struct mhd_api {
#define MHD_FIELD(field, sym) __typeof__(sym) *field;
	MHD_FUNCS(MHD_FIELD)
#undef MHD_FIELD
};

/* Filled by mhd_load(). */
extern struct mhd_api mhd;

/* Opens libmicrohttpd once: 0, or -ENOENT with @err saying what is missing. */
int mhd_load(char *err, size_t err_len);

#endif
