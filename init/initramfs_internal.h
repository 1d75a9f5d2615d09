/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What init/initramfs.c shares with its KUnit suite.
 */
#ifndef _INIT_INITRAMFS_INTERNAL_H
#define _INIT_INITRAMFS_INTERNAL_H

const char *unpack_to_rootfs(const char *buf, unsigned long len);

#endif /* _INIT_INITRAMFS_INTERNAL_H */
