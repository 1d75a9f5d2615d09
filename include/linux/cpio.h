/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streaming cpio "newc"/"crc" parser, shared by the kernel and by
 * tools/cpio/ in userspace.  See lib/cpio/parser.c for the grammar and the
 * errno returned for each class of bad input.
 */
#ifndef _LINUX_CPIO_H
#define _LINUX_CPIO_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/limits.h>
#else
#include "cpio-shim.h"		/* tools/cpio/include: u32, u64, PATH_MAX */
#endif

/* Length of a newc/crc header: magic plus thirteen 8-digit hex fields. */
#define CPIO_HDR_LEN		110
/* Longest name or symlink target accepted, terminating NUL included. */
#define CPIO_NAME_MAX		PATH_MAX

/**
 * enum cpio_format - the on-disk header variants the parser accepts
 * @CPIO_FMT_NEWC: "070701", no checksum
 * @CPIO_FMT_CRC: "070702", the check field is the byte sum of the file data
 */
enum cpio_format {
	CPIO_FMT_NEWC,
	CPIO_FMT_CRC,
};

/**
 * struct cpio_entry - one archive member, as handed to &cpio_parser_ops.entry
 * @offset: archive offset of the member's header
 * @name: the member's name, NUL-terminated, exactly as stored (not cleaned)
 * @target: symlink target, NUL-terminated, for S_ISLNK(@mode); else NULL
 * @format: header variant of this member
 * @ino: inode number (with @dev_major/@dev_minor, the hard-link group key)
 * @mode: file type and permission bits
 * @uid: owner
 * @gid: group
 * @nlink: link count
 * @mtime: modification time, seconds since the epoch
 * @filesize: size of the data that follows the name
 * @dev_major: major number of the device the file lived on
 * @dev_minor: minor number of the device the file lived on
 * @rdev_major: major number of a character or block device node
 * @rdev_minor: minor number of a character or block device node
 * @check: the crc format's checksum, 0 for newc
 * @namesize: the name size of the header: @name is what precedes the first
 *	NUL of these bytes, the last of which is a NUL
 *
 * Pointers are valid only during the callback that receives the entry.
 */
struct cpio_entry {
	u64 offset;
	const char *name;
	const char *target;
	enum cpio_format format;
	u32 ino;
	u32 mode;
	u32 uid;
	u32 gid;
	u32 nlink;
	u32 mtime;
	u32 filesize;
	u32 dev_major;
	u32 dev_minor;
	u32 rdev_major;
	u32 rdev_minor;
	u32 check;
	u32 namesize;
};

/**
 * struct cpio_parser_ops - what a parser's consumer does with the archive
 * @entry: a header, its name and, for a symlink, its target are complete.
 *	For a regular file with data, @data calls and one @data_end follow.
 * @data: the next @len bytes of the current regular file's data
 * @data_end: all of the current file's data was passed on.  Called for every
 *	regular file, empty or not; in the crc format a checksum mismatch
 *	fails the parse right after it.
 * @trailer: a "TRAILER!!!" member ended one archive; another may follow.
 * @skip: the member cannot be handed over, but where it ends is known: its
 *	name size is 0 or above PATH_MAX, it is of an unknown file type, or a
 *	symlink whose target is empty or too long.  @err and @msg say which
 *	(@entry->name is NULL for a bad name size).  Return 0 to skip the
 *	member and go on, or a negative errno (@err, usually) to stop with
 *	@msg.  When NULL, parsing stops with @err.
 *
 * Each callback returns 0 or a negative errno, which stops parsing and is
 * returned by cpio_parser_write().  Any callback may be NULL.
 */
struct cpio_parser_ops {
	int (*entry)(void *ctx, const struct cpio_entry *entry);
	int (*data)(void *ctx, const void *buf, size_t len);
	int (*data_end)(void *ctx, const struct cpio_entry *entry);
	int (*trailer)(void *ctx);
	int (*skip)(void *ctx, const struct cpio_entry *entry, int err,
		    const char *msg);
};

/**
 * enum cpio_fault - the kind of a refusal, for callers that word their own
 *	messages
 * @CPIO_FAULT_NONE: no refusal
 * @CPIO_FAULT_SEGMENT: where a segment starts there is neither a cpio
 *	archive at an aligned offset nor a method of the caller's table
 * @CPIO_FAULT_MAGIC: no cpio magic where a member header starts
 * @CPIO_FAULT_FORMAT: a cpio format other than newc and crc (odc, binary)
 * @CPIO_FAULT_HEADER: a malformed member header or name
 * @CPIO_FAULT_PADDING: nonzero padding, or data at a misaligned offset
 * @CPIO_FAULT_CHECKSUM: a crc-format member's data does not match its sum
 * @CPIO_FAULT_METHOD: a compression method known but without a decoder
 * @CPIO_FAULT_COMPRESSED: corrupt compressed data, or a stream beyond the
 *	decoder's limits or options
 * @CPIO_FAULT_JUNK: decompressed data that is no archive, or a compressed
 *	stream that ends inside a member
 * @CPIO_FAULT_TRUNCATED: the input ends inside a compressed stream or a
 *	member
 * @CPIO_FAULT_MEMBER: a member that cannot be applied or handed over
 * @CPIO_FAULT_WRITE: a file's data could not be written
 * @CPIO_FAULT_RESOURCE: out of memory, or the caller's misuse
 * @CPIO_FAULT_CALLER: the caller stopped the extraction for a reason of its
 *	own (its input could not be read, a fatal signal)
 */
enum cpio_fault {
	CPIO_FAULT_NONE,
	CPIO_FAULT_SEGMENT,
	CPIO_FAULT_MAGIC,
	CPIO_FAULT_FORMAT,
	CPIO_FAULT_HEADER,
	CPIO_FAULT_PADDING,
	CPIO_FAULT_CHECKSUM,
	CPIO_FAULT_METHOD,
	CPIO_FAULT_COMPRESSED,
	CPIO_FAULT_JUNK,
	CPIO_FAULT_TRUNCATED,
	CPIO_FAULT_MEMBER,
	CPIO_FAULT_WRITE,
	CPIO_FAULT_RESOURCE,
	CPIO_FAULT_CALLER,
};

/**
 * struct cpio_error - where and why an archive was refused
 * @msg: static description, NULL when there was no error
 * @fault: the kind of refusal
 * @offset: archive offset the description refers to
 */
struct cpio_error {
	const char *msg;
	enum cpio_fault fault;
	u64 offset;
};

struct cpio_parser;

struct cpio_parser *cpio_parser_create(const struct cpio_parser_ops *ops,
				       void *ctx);
long cpio_parser_write(struct cpio_parser *p, const void *buf, size_t len);
int cpio_parser_finish(struct cpio_parser *p);
bool cpio_parser_at_boundary(const struct cpio_parser *p);
const struct cpio_error *cpio_parser_error(const struct cpio_parser *p);
void cpio_parser_destroy(struct cpio_parser *p);

#endif /* _LINUX_CPIO_H */
