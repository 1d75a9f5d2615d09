// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming parser of cpio "newc" and "crc" archives.
 *
 * The same file builds in the kernel (lib/cpio) and in userspace
 * (tools/cpio), where include/linux/cpio.h pulls in tools/cpio's shim.
 */

/**
 * DOC: cpio parser
 *
 * The parser turns a byte stream into archive events.  It keeps no global
 * state and touches no file system: cpio_parser_create() makes a parser
 * that calls a &struct cpio_parser_ops, cpio_parser_write() feeds it input
 * split at any byte, cpio_parser_finish() says the input ended.  Headers
 * and names that are whole in the caller's buffer (with a word of input
 * after them) are used in place; otherwise they are collected in the
 * parser's buffers.  Symlink targets are always copied, so that they can
 * be NUL-terminated.
 *
 * Stream grammar, offsets relative to the first byte the parser was given::
 *
 *   stream  := { NUL } { archive { NUL } }
 *   archive := { member [ NUL... ] } [ trailer ]
 *   member  := header(110) name(namesize) pad4 body(filesize) pad4
 *
 * Every header starts at an offset that is a multiple of four; NUL bytes
 * between members are skipped.  The trailer is optional
 * (Documentation/driver-api/early-userspace/buffer-format.rst): between
 * members (initially, after a member and its padding, after "TRAILER!!!") a
 * byte that is neither NUL nor '0' ends the parse: cpio_parser_write()
 * returns the number of bytes it consumed, fewer than it was given, and the
 * caller may look for a compressed segment there.  Boot loaders rely on it:
 * iPXE writes a file's members without a trailer, pads with NULs and appends
 * the next image.  The bytes 0xc7 and 0x71, with which no compressed format
 * begins, are taken as the start of a binary cpio.
 *
 * Bodies: a regular file's data goes to &cpio_parser_ops.data in chunks as
 * large as the input allows, followed by &cpio_parser_ops.data_end at the
 * end of the data: a member ends with its body, and an input may end in the
 * padding after it (iPXE does not pad the last file it appends).  A
 * symlink's body is its target, handed to &cpio_parser_ops.entry as
 * &cpio_entry.target and ending at its first NUL (gen_init_cpio stores the
 * NUL in the body).  The body of any other type is skipped: such a member
 * has no data to store (the buffer format says its file size should be
 * zero).  The "TRAILER!!!" member calls &cpio_parser_ops.trailer, not
 * &cpio_parser_ops.entry, and is not checked for a file type.  The "crc"
 * checksum (32-bit sum of the data bytes) is verified for regular files
 * only: gen_init_cpio writes 0 in the check field of every other member,
 * symlinks included.  The check field of "newc" members is ignored.
 *
 * Errors are values, never panics; the first one sticks, and
 * cpio_parser_error() tells its message and archive offset.  Four of them
 * concern one member whose extent is still known (name size 0 or above
 * PATH_MAX, unknown file type, symlink target empty or too long): the
 * consumer's &cpio_parser_ops.skip may instead skip that member and go on,
 * as the initramfs unpacker does.
 *
 * * -EINVAL: bad magic (offset of the header); a character that is not a
 *   hex digit in one of the thirteen fields, "0x" prefixes included (offset
 *   of the character); namesize 0 (offset of the namesize field); a name
 *   whose last byte is not NUL (offset of that byte); a nonzero padding
 *   byte (its offset); a
 *   header at an unaligned offset (its offset); a symlink with an empty
 *   target: filesize 0 or a body starting with NUL (offset of the
 *   filesize field); a file type that is none of regular,
 *   directory, symlink, character or block device, FIFO, socket (offset of
 *   the mode field).
 * * -EOPNOTSUPP: the portable "070707" (odc) or the binary format (offset
 *   of the header); only "newc" (cpio -H newc) and "crc" are supported.
 * * -ENAMETOOLONG: namesize above PATH_MAX (offset of the namesize field);
 *   a symlink body above PATH_MAX bytes, or a target of PATH_MAX bytes or
 *   more before its first NUL (both at the offset of the filesize
 *   field).
 * * -EBADMSG: "crc" checksum mismatch, found at the end of the data, after
 *   &cpio_parser_ops.data_end (offset of the check field): the file is
 *   whole, what follows it is not parsed.
 * * -ENODATA: cpio_parser_finish() inside a header, a name, the padding
 *   after a name or a body (offset where the input ended).
 * * Any negative errno returned by a callback (offset of the member's
 *   header).
 */

#ifdef __KERNEL__
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>
#endif
#include <linux/cpio.h>

/* Offsets of the header fields, magic first. */
#define CPIO_MAGIC_LEN		6
#define CPIO_FIELD_LEN		8
#define CPIO_OFF_MODE		14
#define CPIO_OFF_FILESIZE	54
#define CPIO_OFF_NAMESIZE	94
#define CPIO_OFF_CHECK		102
#define CPIO_TRAILER		"TRAILER!!!"

enum cpio_state {
	CPIO_BOUNDARY,		/* between members: NULs, a header or the end */
	CPIO_BINARY,		/* second byte of a binary cpio magic */
	CPIO_HEADER,
	CPIO_NAME,
	CPIO_NAME_PAD,
	CPIO_TARGET,
	CPIO_DATA,
	CPIO_SKIP,
	CPIO_BODY_PAD,
	CPIO_SKIP_MEMBER,	/* the rest of a member &cpio_parser_ops.skip took */
	CPIO_FAILED,
};

struct cpio_parser {
	const struct cpio_parser_ops *ops;
	void *ctx;
	enum cpio_state state;
	int err;
	u64 pos;		/* bytes consumed since creation */
	u32 have;		/* bytes collected for the current field */
	u64 left;		/* bytes left in the current body or padding */
	u32 sum;		/* running "crc" checksum */
	bool trailer;		/* the current member is TRAILER!!! */
	const char *in;		/* input of the running cpio_parser_write() */
	size_t in_len;
	size_t in_off;
	struct cpio_entry entry;
	struct cpio_error error;
	char hdr[CPIO_HDR_LEN];
	char *name_buf;
	char *target_buf;
};

/* The thirteen header fields, in archive order. */
static const size_t cpio_fields[] = {
	offsetof(struct cpio_entry, ino),
	offsetof(struct cpio_entry, mode),
	offsetof(struct cpio_entry, uid),
	offsetof(struct cpio_entry, gid),
	offsetof(struct cpio_entry, nlink),
	offsetof(struct cpio_entry, mtime),
	offsetof(struct cpio_entry, filesize),
	offsetof(struct cpio_entry, dev_major),
	offsetof(struct cpio_entry, dev_minor),
	offsetof(struct cpio_entry, rdev_major),
	offsetof(struct cpio_entry, rdev_minor),
	offsetof(struct cpio_entry, namesize),
	offsetof(struct cpio_entry, check),
};

static int cpio_fail(struct cpio_parser *p, int err, enum cpio_fault fault,
		     const char *msg, u64 off)
{
	p->err = err;
	p->error.fault = fault;
	p->error.msg = msg;
	p->error.offset = off;
	p->state = CPIO_FAILED;
	return err;
}

static int cpio_callback_failed(struct cpio_parser *p, int ret)
{
	return cpio_fail(p, ret, CPIO_FAULT_MEMBER,
			 "archive member rejected by its consumer",
			 p->entry.offset);
}

static size_t cpio_avail(const struct cpio_parser *p)
{
	return p->in_len - p->in_off;
}

static const char *cpio_cursor(const struct cpio_parser *p)
{
	return p->in + p->in_off;
}

static void cpio_advance(struct cpio_parser *p, size_t n)
{
	p->in_off += n;
	p->pos += n;
}

/* Bytes from the current position to the next multiple of four. */
static u32 cpio_pad(const struct cpio_parser *p)
{
	return (4 - (p->pos & 3)) & 3;
}

/* Copy up to @need - p->have bytes into @buf; true when @need are there. */
static bool cpio_collect(struct cpio_parser *p, char *buf, u32 need)
{
	size_t n = min_t(size_t, cpio_avail(p), need - p->have);

	memcpy(buf + p->have, cpio_cursor(p), n);
	cpio_advance(p, n);
	p->have += n;
	return p->have == need;
}

/*
 * Input that must follow a field for it to be used in place.  Names go to
 * the VFS, whose full_name_hash() reads them a word at a time and may read
 * up to sizeof(long) - 1 bytes past their end (load_unaligned_zeropad());
 * the input may end at an unmapped page (a vmalloc() guard page), and not
 * every architecture recovers from a fault there (UML does not).
 */
#define CPIO_IN_PLACE_SLACK	sizeof(unsigned long)

/*
 * Return the field in place when it is whole in the input with
 * %CPIO_IN_PLACE_SLACK bytes after it, else collect it into @buf; NULL
 * while incomplete.
 */
static const char *cpio_field(struct cpio_parser *p, char *buf, u32 need)
{
	const char *s = cpio_cursor(p);

	if (!p->have && cpio_avail(p) >= need + CPIO_IN_PLACE_SLACK) {
		cpio_advance(p, need);
		return s;
	}
	return cpio_collect(p, buf, need) ? buf : NULL;
}

static int cpio_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Check the first @n bytes of a magic; 0, -EINVAL or -EOPNOTSUPP. */
static int cpio_check_magic(struct cpio_parser *p, const char *s, u32 n)
{
	static const char newc[] = "07070";
	u32 i;

	for (i = 0; i < n && i < CPIO_MAGIC_LEN - 1; i++)
		if (s[i] != newc[i])
			return cpio_fail(p, -EINVAL, CPIO_FAULT_MAGIC,
					 "no cpio magic",
					 p->entry.offset);
	if (n < CPIO_MAGIC_LEN || s[5] == '1' || s[5] == '2')
		return 0;
	if (s[5] == '7')
		return cpio_fail(p, -EOPNOTSUPP, CPIO_FAULT_FORMAT,
				 "odc cpio not supported, use newc (cpio -H newc)",
				 p->entry.offset);
	return cpio_fail(p, -EINVAL, CPIO_FAULT_MAGIC, "no cpio magic",
			 p->entry.offset);
}

static int cpio_parse_fields(struct cpio_parser *p, const char *hdr)
{
	const char *s = hdr + CPIO_MAGIC_LEN;
	u32 i, j, v;
	int d;

	for (i = 0; i < ARRAY_SIZE(cpio_fields); i++) {
		for (v = 0, j = 0; j < CPIO_FIELD_LEN; j++, s++) {
			d = cpio_hex_digit(*s);
			if (d < 0)
				return cpio_fail(p, -EINVAL, CPIO_FAULT_HEADER,
						 "non-hex digit in cpio header",
						 p->entry.offset + (s - hdr));
			v = v << 4 | d;
		}
		*(u32 *)((char *)&p->entry + cpio_fields[i]) = v;
	}
	return 0;
}

/*
 * A member that cannot be handed over, whose extent is known: the consumer
 * decides (&cpio_parser_ops.skip) whether it is skipped or stops the parse.
 * @rest: bytes of the member after the current position, padding included.
 */
static int cpio_skip_member(struct cpio_parser *p, int err, const char *msg,
			    u64 offset, u64 rest)
{
	const struct cpio_parser_ops *ops = p->ops;
	int ret = ops->skip ? ops->skip(p->ctx, &p->entry, err, msg) : err;

	if (ret)
		return cpio_fail(p, ret, CPIO_FAULT_MEMBER, msg, offset);
	p->entry.name = NULL;
	p->left = rest;
	p->state = rest ? CPIO_SKIP_MEMBER : CPIO_BOUNDARY;
	return 0;
}

/* What is left of the current member once its name is read: pad, body, pad. */
static u64 cpio_rest_after_name(const struct cpio_parser *p)
{
	return cpio_pad(p) + round_up((u64)p->entry.filesize, 4);
}

static int cpio_do_header(struct cpio_parser *p)
{
	struct cpio_entry *e = &p->entry;
	const char *hdr;
	int ret;

	hdr = cpio_field(p, p->hdr, CPIO_HDR_LEN);
	ret = cpio_check_magic(p, hdr ?: p->hdr, hdr ? CPIO_HDR_LEN : p->have);
	if (ret || !hdr)
		return ret;
	e->target = NULL;
	ret = cpio_parse_fields(p, hdr);
	if (ret)
		return ret;
	e->format = hdr[5] == '2' ? CPIO_FMT_CRC : CPIO_FMT_NEWC;
	e->name = NULL;
	if (!e->namesize || e->namesize > CPIO_NAME_MAX) {
		u64 rest = round_up(p->pos + e->namesize, 4) - p->pos +
			   round_up((u64)e->filesize, 4);

		return cpio_skip_member(p, e->namesize ? -ENAMETOOLONG : -EINVAL,
					e->namesize ? "cpio name too long" :
						      "cpio name size 0",
					e->offset + CPIO_OFF_NAMESIZE, rest);
	}
	p->have = 0;
	p->state = CPIO_NAME;
	return 0;
}

static bool cpio_known_type(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return true;
	}
	return false;
}

/* Checks that need the name: file type and symlink size, not for TRAILER. */
static int cpio_target_too_long(struct cpio_parser *p)
{
	return cpio_skip_member(p, -ENAMETOOLONG, "cpio symlink target too long",
				p->entry.offset + CPIO_OFF_FILESIZE,
				p->state == CPIO_TARGET ? cpio_pad(p) :
				cpio_rest_after_name(p));
}

static int cpio_check_member(struct cpio_parser *p)
{
	const struct cpio_entry *e = &p->entry;

	if (p->trailer)
		return 0;
	if (!cpio_known_type(e->mode))
		return cpio_skip_member(p, -EINVAL,
					"unknown file type in cpio mode",
					e->offset + CPIO_OFF_MODE,
					cpio_rest_after_name(p));
	if (!S_ISLNK(e->mode))
		return 0;
	if (!e->filesize)
		return cpio_skip_member(p, -EINVAL,
					"cpio symlink without target",
					e->offset + CPIO_OFF_FILESIZE,
					cpio_rest_after_name(p));
	if (e->filesize > CPIO_NAME_MAX)
		return cpio_target_too_long(p);
	return 0;
}

static int cpio_member_end(struct cpio_parser *p)
{
	const struct cpio_parser_ops *ops = p->ops;
	struct cpio_entry *e = &p->entry;
	int ret = 0;

	p->state = CPIO_BOUNDARY;
	if (p->trailer) {
		if (ops->trailer)
			ret = ops->trailer(p->ctx);
	} else if (S_ISLNK(e->mode)) {
		e->target = p->target_buf;
		if (ops->entry)
			ret = ops->entry(p->ctx, e);
	} else if (S_ISREG(e->mode) && ops->data_end) {
		ret = ops->data_end(p->ctx, e);
	}
	e->name = NULL;
	return ret < 0 ? cpio_callback_failed(p, ret) : 0;
}

/*
 * Body read: the member is complete and ends here; the padding after it is
 * skipped before the next member.  An input that stops inside that padding
 * has lost nothing (iPXE does not pad the last file it appends).
 */
static int cpio_body_done(struct cpio_parser *p)
{
	u32 pad = cpio_pad(p);
	int ret;

	ret = cpio_member_end(p);
	if (ret || !pad)
		return ret;
	p->left = pad;
	p->state = CPIO_BODY_PAD;
	return 0;
}

/* Name and its padding read: start the body. */
static int cpio_member_body(struct cpio_parser *p)
{
	struct cpio_entry *e = &p->entry;
	int ret;

	p->left = e->filesize;
	p->have = 0;
	p->sum = 0;
	if (!p->trailer && S_ISLNK(e->mode)) {
		p->state = CPIO_TARGET;
		return 0;
	}
	if (!p->trailer && p->ops->entry) {
		ret = p->ops->entry(p->ctx, e);
		if (ret < 0)
			return cpio_callback_failed(p, ret);
	}
	if (!e->filesize)
		return cpio_body_done(p);
	p->state = !p->trailer && S_ISREG(e->mode) ? CPIO_DATA : CPIO_SKIP;
	return 0;
}

static int cpio_do_name(struct cpio_parser *p)
{
	struct cpio_entry *e = &p->entry;
	u64 name_off = e->offset + CPIO_HDR_LEN;
	const char *name;
	int ret;

	name = cpio_field(p, p->name_buf, e->namesize);
	if (!name)
		return 0;
	if (name[e->namesize - 1])
		return cpio_fail(p, -EINVAL, CPIO_FAULT_HEADER,
				 "cpio name not NUL-terminated",
				 name_off + e->namesize - 1);
	/*
	 * The name ends at its first NUL: NULs after it pad the name, which
	 * is how an archive aligns file data (to 4 KiB, for instance).
	 */
	e->name = name;
	p->trailer = !strcmp(name, CPIO_TRAILER);
	ret = cpio_check_member(p);
	if (ret || p->state != CPIO_NAME)
		return ret;
	p->left = cpio_pad(p);
	if (p->left) {
		p->state = CPIO_NAME_PAD;
		return 0;
	}
	return cpio_member_body(p);
}

static int cpio_do_pad(struct cpio_parser *p)
{
	size_t n = min_t(u64, cpio_avail(p), p->left);
	const char *s = cpio_cursor(p);
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i])
			return cpio_fail(p, -EINVAL, CPIO_FAULT_PADDING,
					 "nonzero cpio padding",
					 p->pos + i);
	cpio_advance(p, n);
	p->left -= n;
	if (p->left)
		return 0;
	if (p->state == CPIO_NAME_PAD)
		return cpio_member_body(p);
	p->state = CPIO_BOUNDARY;
	return 0;
}

static int cpio_do_target(struct cpio_parser *p)
{
	if (!cpio_collect(p, p->target_buf, p->entry.filesize))
		return 0;
	p->target_buf[p->entry.filesize] = '\0';
	/* A body of PATH_MAX bytes is fine if it holds the target's NUL. */
	if (strlen(p->target_buf) >= CPIO_NAME_MAX)
		return cpio_target_too_long(p);
	if (!p->target_buf[0])
		return cpio_skip_member(p, -EINVAL,
					"cpio symlink without target",
					p->entry.offset + CPIO_OFF_FILESIZE,
					cpio_pad(p));
	return cpio_body_done(p);
}

static int cpio_do_data(struct cpio_parser *p)
{
	struct cpio_entry *e = &p->entry;
	size_t n = min_t(u64, cpio_avail(p), p->left);
	const unsigned char *s = (const unsigned char *)cpio_cursor(p);
	bool bad_sum;
	size_t i;
	int ret;

	if (e->format == CPIO_FMT_CRC)
		for (i = 0; i < n; i++)
			p->sum += s[i];
	if (p->ops->data) {
		ret = p->ops->data(p->ctx, s, n);
		if (ret < 0)
			return cpio_callback_failed(p, ret);
	}
	cpio_advance(p, n);
	p->left -= n;
	if (p->left)
		return 0;
	/* The file is complete either way; a bad sum stops what follows. */
	bad_sum = e->format == CPIO_FMT_CRC && p->sum != e->check;
	ret = cpio_body_done(p);
	if (ret || !bad_sum)
		return ret;
	return cpio_fail(p, -EBADMSG, CPIO_FAULT_CHECKSUM,
			 "cpio checksum mismatch",
			 e->offset + CPIO_OFF_CHECK);
}

static int cpio_do_skip(struct cpio_parser *p)
{
	size_t n = min_t(u64, cpio_avail(p), p->left);

	cpio_advance(p, n);
	p->left -= n;
	return p->left ? 0 : cpio_body_done(p);
}

/* The rest of a member the consumer chose to skip, whatever its bytes. */
static int cpio_do_skip_member(struct cpio_parser *p)
{
	size_t n = min_t(u64, cpio_avail(p), p->left);

	cpio_advance(p, n);
	p->left -= n;
	if (!p->left)
		p->state = CPIO_BOUNDARY;
	return 0;
}

/* NULs between members or archives; 1 when the archive stream ends here. */
static int cpio_do_between(struct cpio_parser *p)
{
	const unsigned char *s = (const unsigned char *)cpio_cursor(p);
	size_t n = cpio_avail(p), i = 0;

	while (i < n && !s[i])
		i++;
	cpio_advance(p, i);
	if (i == n)
		return 0;
	p->entry.offset = p->pos;
	if (s[i] == '0') {
		if (p->pos & 3)
			return cpio_fail(p, -EINVAL, CPIO_FAULT_PADDING,
					 "cpio header at unaligned offset",
					 p->pos);
		p->have = 0;
		p->state = CPIO_HEADER;
		return 0;
	}
	if (s[i] != 0xc7 && s[i] != 0x71)
		return 1;
	p->hdr[0] = s[i];
	cpio_advance(p, 1);
	p->state = CPIO_BINARY;
	return 0;
}

static int cpio_do_binary(struct cpio_parser *p)
{
	unsigned char a = p->hdr[0], b = *cpio_cursor(p);

	if ((a == 0xc7 && b == 0x71) || (a == 0x71 && b == 0xc7))
		return cpio_fail(p, -EOPNOTSUPP, CPIO_FAULT_FORMAT,
				 "binary cpio not supported, use newc (cpio -H newc)",
				 p->entry.offset);
	return cpio_fail(p, -EINVAL, CPIO_FAULT_MAGIC, "no cpio magic",
			 p->entry.offset);
}

static int (*const cpio_actions[])(struct cpio_parser *p) = {
	[CPIO_BOUNDARY]	= cpio_do_between,
	[CPIO_BINARY]	= cpio_do_binary,
	[CPIO_HEADER]	= cpio_do_header,
	[CPIO_NAME]	= cpio_do_name,
	[CPIO_NAME_PAD]	= cpio_do_pad,
	[CPIO_TARGET]	= cpio_do_target,
	[CPIO_DATA]	= cpio_do_data,
	[CPIO_SKIP]	= cpio_do_skip,
	[CPIO_BODY_PAD]	= cpio_do_pad,
	[CPIO_SKIP_MEMBER] = cpio_do_skip_member,
};

/* Keep a name that points into the caller's buffer valid after we return. */
static void cpio_keep_name(struct cpio_parser *p)
{
	struct cpio_entry *e = &p->entry;

	if (!e->name || e->name == p->name_buf)
		return;
	memcpy(p->name_buf, e->name, e->namesize);
	e->name = p->name_buf;
}

/**
 * cpio_parser_create() - allocate a parser and its collect buffers
 * @ops: callbacks for the archive's events; must outlive the parser
 * @ctx: first argument of every callback
 *
 * Context: Process context; allocates with GFP_KERNEL and may sleep.
 * Return: the new parser, at an archive boundary, or NULL without memory.
 */
struct cpio_parser *cpio_parser_create(const struct cpio_parser_ops *ops,
				       void *ctx)
{
	struct cpio_parser *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->name_buf = kmalloc(CPIO_NAME_MAX, GFP_KERNEL);
	p->target_buf = kmalloc(CPIO_NAME_MAX + 1, GFP_KERNEL);
	if (!p->name_buf || !p->target_buf) {
		cpio_parser_destroy(p);
		return NULL;
	}
	p->ops = ops;
	p->ctx = ctx;
	p->state = CPIO_BOUNDARY;
	return p;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_parser_create);

/**
 * cpio_parser_write() - feed the next piece of the stream to a parser
 * @p: the parser
 * @buf: input bytes; may end anywhere, even inside a header field
 * @len: number of bytes at @buf
 *
 * Runs the callbacks for every event the input completes.  Pointers handed
 * to them point into @buf when possible, and are valid only during the call.
 *
 * Context: Any context in which the callbacks may run; the parser itself
 * neither sleeps nor allocates.
 * Return: @len, or fewer bytes when an archive ended and the byte at the
 * returned offset is neither NUL nor '0' (another segment starts there); a
 * negative errno (see the DOC: section) when the archive is refused or a
 * callback failed.  After an error, every call returns the same errno.
 */
long cpio_parser_write(struct cpio_parser *p, const void *buf, size_t len)
{
	int ret = 0;

	if (p->err)
		return p->err;
	if (len > LONG_MAX)
		len = LONG_MAX;
	p->in = buf;
	p->in_len = len;
	p->in_off = 0;
	while (p->in_off < p->in_len) {
		ret = cpio_actions[p->state](p);
		if (ret)
			break;
	}
	if (ret < 0)
		return ret;
	cpio_keep_name(p);
	p->in = NULL;
	return p->in_off;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_parser_write);

/**
 * cpio_parser_finish() - tell a parser that its input ended
 * @p: the parser
 *
 * An archive that ends between two members is accepted without its
 * "TRAILER!!!", and so is one that ends in the padding after a member's
 * body: the member is complete.
 *
 * Context: Any context.
 * Return: 0 when the input ended outside a member, -ENODATA when it ended
 * inside a header, a name, the padding after a name or a body, or the errno
 * of an earlier failure.
 */
int cpio_parser_finish(struct cpio_parser *p)
{
	static const char *const truncated[] = {
		[CPIO_BINARY]	= "truncated cpio header",
		[CPIO_HEADER]	= "truncated cpio header",
		[CPIO_NAME]	= "truncated cpio name",
		[CPIO_NAME_PAD]	= "truncated cpio padding",
		[CPIO_TARGET]	= "truncated cpio symlink target",
		[CPIO_DATA]	= "truncated cpio file data",
		[CPIO_SKIP]	= "truncated cpio file data",
		[CPIO_SKIP_MEMBER] = "truncated cpio member",
	};

	if (p->err)
		return p->err;
	if (p->state == CPIO_BOUNDARY || p->state == CPIO_BODY_PAD)
		return 0;
	return cpio_fail(p, -ENODATA, CPIO_FAULT_TRUNCATED,
			 truncated[p->state], p->pos);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_parser_finish);

/**
 * cpio_parser_at_boundary() - whether a parser is between members
 * @p: the parser
 *
 * The input may end there, or another segment (a compressed one) begin.
 *
 * Context: Any context.
 * Return: true before the first member, after a member and its padding and
 * after a "TRAILER!!!" member; false inside a member or after an error.
 */
bool cpio_parser_at_boundary(const struct cpio_parser *p)
{
	return p->state == CPIO_BOUNDARY;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_parser_at_boundary);

/**
 * cpio_parser_error() - why and where a parser refused its input
 * @p: the parser
 *
 * Context: Any context.
 * Return: the error description; its @msg is NULL when there was no error.
 * Valid until cpio_parser_destroy().
 */
const struct cpio_error *cpio_parser_error(const struct cpio_parser *p)
{
	return &p->error;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_parser_error);

/**
 * cpio_parser_destroy() - free a parser
 * @p: the parser, or NULL
 *
 * Context: Any context.
 */
void cpio_parser_destroy(struct cpio_parser *p)
{
	if (!p)
		return;
	kfree(p->name_buf);
	kfree(p->target_buf);
	kfree(p);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_parser_destroy);
