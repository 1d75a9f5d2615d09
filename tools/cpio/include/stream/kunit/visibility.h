/* SPDX-License-Identifier: GPL-2.0 */
/* EXPORT_SYMBOL_IF_KUNIT() comes from cpio-shim.h: no module exports here. */
