// SPDX-License-Identifier: GPL-2.0
/*
 * Populate rootfs at boot from the built-in initramfs and the external
 * initrd.  Parsing, decompression and extraction are the cpio unpack
 * library's (lib/cpio); what is here is specific to boot: the two archives
 * and their memory, the __init decompressors, the async domain and the
 * command-line switches.
 */
#include <linux/async.h>
#include <linux/cpio_extract.h>
#include <linux/decompress/generic.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/kexec.h>
#include <linux/kstrtox.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/umh.h>

#include "do_mounts.h"
#include "initramfs_internal.h"

/**
 * DOC: initramfs on the cpio library
 *
 * Both archives are extracted with cpio_extract_*() into the root of the
 * calling task, whose rules fill rootfs as the initramfs images in use
 * expect, except for the inputs listed below.  The policy is boot's: a
 * member that cannot be applied is skipped and unpacking goes on, a file
 * cut by the end of an uncompressed archive keeps the data that was there,
 * mtimes are applied with CONFIG_INITRAMFS_PRESERVE_MTIME, and the methods
 * are those configured (CONFIG_RD_*), with the gzip CRC32 not verified.
 * Failures are reported with the fixed initramfs messages users know from
 * boot logs, chosen by the kind of fault (&enum cpio_fault).
 *
 * The unpacker refuses or treats specially the inputs below, each for the
 * reason given; the oracle test (tools/testing/archive/oracle/deviations)
 * boots each of them on this kernel and on the kernel's earlier unpacker
 * and shows where the two rootfs differ:
 *
 * - the archive stops at a header field that is not eight hex digits (the
 *   buffer format's fields are hexadecimal ASCII padded with '0', so "0x"
 *   or another character means a damaged header), at a nonzero padding
 *   byte (padding is NUL bytes: the archive is damaged), and at a zstd
 *   window above %CPIO_ZSTD_WINDOW_MAX or an xz dictionary above
 *   %CPIO_XZ_DICT_MAX (xz -9, zstd --long / --ultra -20 and above), which
 *   the runtime decoders refuse so that their memory stays bounded; a
 *   broken external archive is reported and boot goes on, a broken
 *   built-in one panics;
 * - a member is skipped when its name has a ".." component or its parent
 *   path goes through a symlink (extraction never leaves the root and
 *   never follows a symlink in a name), when it is a device node whose
 *   numbers do not fit 12 and 20 bits (MKDEV() would wrap them into
 *   another device's numbers), a symlink whose target is empty or 4,096
 *   bytes long (symlink(2) refuses both), a member of an unknown type (what
 *   is at its name stays), or a member of a hard-link group beyond the
 *   65,536th between two trailers (%CPIO_EXTRACT_MAX_LINK_GROUPS bounds the
 *   memory of the hard-link table);
 * - a directory or node with a nonzero file size is created and its data
 *   skipped, and a TRAILER!!! with data still ends the archive: the header
 *   and the name say what the member is, and the buffer format gives none
 *   of them data (their file size should be zero), so the data is what is
 *   ignored.
 *
 * None of these occur in what gen_init_cpio, GNU cpio, bsdtar, dracut,
 * initramfs-tools, iPXE or GRUB write.
 */

#define panic_show_mem(fmt, ...) \
	({ show_mem(); panic(fmt, ##__VA_ARGS__); })

/*
 * The method table: gzip, zstd and xz with the library's runtime decoders
 * when it has them (CONFIG_CPIO_UNPACK_*; gzip without its CRC32, which
 * costs a fifth of the decode time and which lib/decompress_inflate.c does
 * not verify either), the other methods the kernel was configured with
 * (CONFIG_RD_*) with the callback-style __init decompressors of
 * lib/decompress_*.c, which take the whole compressed stream at once
 * (&cpio_decoder_ops.decode), which is also the fallback for gzip, zstd and
 * xz (without the library's window and dictionary limits).  A method
 * configured out has no decoder and is refused, even one the library
 * could decode.
 */
static struct {
	int (*out)(void *ctx, const void *buf, size_t len);
	void *ctx;
	int out_err;
	char *msg;
} rd __initdata;

static long __init rd_flush(void *buf, unsigned long len)
{
	int err = rd.out(rd.ctx, buf, len);

	if (err) {
		rd.out_err = err;
		return -1;
	}
	return len;
}

static void __init rd_error(char *msg)
{
	if (!rd.msg)
		rd.msg = msg;
}

static int __init rd_decode(const u8 *in, size_t len, size_t *used,
			    int (*out)(void *ctx, const void *buf, size_t len),
			    void *ctx, const char **msg)
{
	decompress_fn decompress = decompress_method(in, len, NULL);
	long pos = 0;
	int ret;

	if (!decompress) {
		*msg = "decompressor failed";
		return -EOPNOTSUPP;
	}
	rd.out = out;
	rd.ctx = ctx;
	rd.out_err = 0;
	rd.msg = NULL;
	ret = decompress((u8 *)in, len, NULL, rd_flush, NULL, &pos, rd_error);
	*used = pos;
	if (rd.out_err)
		return rd.out_err;
	if (ret) {
		*msg = rd.msg ?: "decompressor failed";
		return -EBADMSG;
	}
	return 0;
}

static const struct cpio_decoder_ops rd_decompress_ops __initconst = {
	.decode = rd_decode,
};

/* A method of CONFIG_RD_<m> with @ops, or without a decoder. */
#define RD_METHOD(name, magic, m, ops) \
	{ name, magic, NULL, 2, IS_ENABLED(CONFIG_RD_##m) ? (ops) : NULL }

/* The library's decoder when it is configured in, else the __init one. */
#define RD_RUNTIME(m, ops) \
	(IS_ENABLED(CONFIG_CPIO_UNPACK_##m) ? (ops) : &rd_decompress_ops)

/*
 * Each method by the two bytes decompress_method() knows it by, and its
 * decoder; the obsolete gzip magic 1f 9e only lib/decompress_inflate.c
 * reads.
 */
static const struct cpio_method rd_methods[] __initconst = {
	RD_METHOD("gzip", "\x1f\x8b", GZIP,
		  RD_RUNTIME(GZIP, &cpio_gzip_unchecked_ops)),
	RD_METHOD("gzip", "\x1f\x9e", GZIP, &rd_decompress_ops),
	RD_METHOD("bzip2", "BZ", BZIP2, &rd_decompress_ops),
	RD_METHOD("lzma", "\x5d\x00", LZMA, &rd_decompress_ops),
	RD_METHOD("xz", "\xfd\x37", XZ, RD_RUNTIME(XZ, &cpio_xz_ops)),
	RD_METHOD("lzo", "\x89\x4c", LZO, &rd_decompress_ops),
	RD_METHOD("lz4", "\x02\x21", LZ4, &rd_decompress_ops),
	RD_METHOD("zstd", "\x28\xb5", ZSTD, RD_RUNTIME(ZSTD, &cpio_zstd_ops)),
	{ }
};

/*
 * The fixed boot message of each kind of fault that has one, the texts users
 * know from failed boots; other faults are reported with the library's own
 * description.
 */
static const char * __init unpack_message(const struct cpio_stream_error *e)
{
	static char buf[64] __initdata;

	switch (e->fault) {
	case CPIO_FAULT_SEGMENT:
		return "invalid magic at start of compressed archive";
	case CPIO_FAULT_FORMAT:
		return "incorrect cpio method used: use -H newc option";
	case CPIO_FAULT_PADDING:
		return "broken padding";
	case CPIO_FAULT_CHECKSUM:
		return "bad data checksum";
	case CPIO_FAULT_WRITE:
		return "write error";
	case CPIO_FAULT_METHOD:
		snprintf(buf, sizeof(buf), "compression method %s not configured",
			 e->method);
		return buf;
	default:
		return e->msg ?: "unpacking failed";
	}
}

/* Boot's policy: a member that cannot be applied is skipped. */
static int __init skip_member(void *ctx, const struct cpio_entry *e, int err,
			      const char *msg)
{
	pr_debug("initramfs: member at %llu skipped: %s (%pe)\n", e->offset,
		 msg, ERR_PTR(err));
	return 0;
}

/*
 * Extract one archive (a sequence of cpio segments) into the root of the
 * calling task.  Members the file system refuses are skipped, and an
 * uncompressed archive may end inside a member: boot accepts both and goes
 * on with what could be extracted.
 *
 * Return: NULL on success, else the message of the failure.
 */
const char * __init unpack_to_rootfs(const char *buf, unsigned long len)
{
	struct cpio_extract_policy policy = {
		.methods = rd_methods,
		.mtime = IS_ENABLED(CONFIG_INITRAMFS_PRESERVE_MTIME),
		.member_error = skip_member,
	};
	const struct cpio_stream_error *e;
	struct cpio_extract *x;
	const char *msg = NULL;
	struct path root;
	int err, ret;

	get_fs_root(current->fs, &root);
	x = cpio_extract_create(&root, &policy);
	path_put(&root);
	if (IS_ERR(x))
		return "can't allocate buffers";

	err = cpio_extract_write(x, buf, len);
	ret = cpio_extract_finish(x);
	if (!err)
		err = ret;
	e = cpio_extract_error(x);
	if (e->fault == CPIO_FAULT_TRUNCATED && !e->method) {
		/* A truncated uncompressed archive: what is there stays. */
		pr_debug("initramfs: %s at %llu\n", e->msg, e->segment + e->offset);
		err = 0;
	}
	if (err) {
		msg = unpack_message(e);
		pr_err("initramfs: %s (%pe) in %s segment at %llu, offset %llu\n",
		       e->msg, ERR_PTR(err), e->method ?: "cpio", e->segment,
		       e->offset);
	}
	cpio_extract_destroy(x);
	return msg;
}

static int do_retain_initrd __initdata;

static int __init retain_initrd_param(char *str)
{
	if (*str)
		return 0;
	do_retain_initrd = 1;
	return 1;
}
__setup("retain_initrd", retain_initrd_param);

#ifdef CONFIG_ARCH_HAS_KEEPINITRD
static int __init keepinitrd_setup(char *__unused)
{
	do_retain_initrd = 1;
	return 1;
}
__setup("keepinitrd", keepinitrd_setup);
#endif

static bool initramfs_async __initdata = true;
static int __init initramfs_async_setup(char *str)
{
	return kstrtobool(str, &initramfs_async) == 0;
}
__setup("initramfs_async=", initramfs_async_setup);

static BIN_ATTR(initrd, 0440, sysfs_bin_attr_simple_read, NULL, 0);

void __init reserve_initrd_mem(void)
{
	phys_addr_t start;
	unsigned long size;

	/* Ignore the virtul address computed during device tree parsing */
	initrd_start = 0;
	initrd_end = 0;

	if (!phys_initrd_size)
		return;
	/*
	 * Round the memory region to page boundaries as per free_initrd_mem()
	 * This allows us to detect whether the pages overlapping the initrd
	 * are in use, but more importantly, reserves the entire set of pages
	 * as we don't want these pages allocated for other purposes.
	 */
	start = round_down(phys_initrd_start, PAGE_SIZE);
	size = phys_initrd_size + (phys_initrd_start - start);
	size = round_up(size, PAGE_SIZE);

	if (!memblock_is_region_memory(start, size)) {
		pr_err("INITRD: 0x%08llx+0x%08lx is not a memory region",
		       (u64)start, size);
		goto disable;
	}

	if (memblock_is_region_reserved(start, size)) {
		pr_err("INITRD: 0x%08llx+0x%08lx overlaps in-use memory region\n",
		       (u64)start, size);
		goto disable;
	}

	memblock_reserve(start, size);
	/* Now convert initrd to virtual addresses */
	initrd_start = (unsigned long)__va(phys_initrd_start);
	initrd_end = initrd_start + phys_initrd_size;
	initrd_below_start_ok = 1;

	return;
disable:
	pr_cont(" - disabling initrd\n");
	initrd_start = 0;
	initrd_end = 0;
}

void __weak __init free_initrd_mem(unsigned long start, unsigned long end)
{
#ifdef CONFIG_ARCH_KEEP_MEMBLOCK
	unsigned long aligned_start = ALIGN_DOWN(start, PAGE_SIZE);
	unsigned long aligned_end = ALIGN(end, PAGE_SIZE);

	memblock_free((void *)aligned_start, aligned_end - aligned_start);
#endif

	free_reserved_area((void *)start, (void *)end, POISON_FREE_INITMEM,
			   "initrd");
}

#ifdef CONFIG_CRASH_RESERVE
static bool __init kexec_free_initrd(void)
{
	unsigned long crashk_start = (unsigned long)__va(crashk_res.start);
	unsigned long crashk_end   = (unsigned long)__va(crashk_res.end);

	/*
	 * If the initrd region is overlapped with crashkernel reserved region,
	 * free only memory that is not part of crashkernel region.
	 */
	if (initrd_start >= crashk_end || initrd_end <= crashk_start)
		return false;

	/*
	 * Initialize initrd memory region since the kexec boot does not do.
	 */
	memset((void *)initrd_start, 0, initrd_end - initrd_start);
	if (initrd_start < crashk_start)
		free_initrd_mem(initrd_start, crashk_start);
	if (initrd_end > crashk_end)
		free_initrd_mem(crashk_end, initrd_end);
	return true;
}
#else
static inline bool kexec_free_initrd(void)
{
	return false;
}
#endif /* CONFIG_KEXEC_CORE */

#ifdef CONFIG_BLK_DEV_RAM
static ssize_t __init xwrite(struct file *file, const unsigned char *p,
			     size_t count, loff_t *pos)
{
	ssize_t out = 0;

	/* sys_write only can write MAX_RW_COUNT aka 2G-4K bytes at most */
	while (count) {
		ssize_t rv = kernel_write(file, p, count, pos);

		if (rv < 0) {
			if (rv == -EINTR || rv == -EAGAIN)
				continue;
			return out ? out : rv;
		} else if (rv == 0) {
			break;
		}
		p += rv;
		out += rv;
		count -= rv;
	}
	return out;
}

static void __init populate_initrd_image(const char *err)
{
	ssize_t written;
	struct file *file;
	loff_t pos = 0;

	pr_info("rootfs image is not initramfs (%s); looks like an initrd\n",
		err);
	file = filp_open("/initrd.image", O_WRONLY | O_CREAT | O_LARGEFILE, 0700);
	if (IS_ERR(file))
		return;

	written = xwrite(file, (char *)initrd_start, initrd_end - initrd_start,
			 &pos);
	if (written != initrd_end - initrd_start)
		pr_err("/initrd.image: incomplete write (%zd != %ld)\n",
		       written, initrd_end - initrd_start);
	fput(file);
}
#endif /* CONFIG_BLK_DEV_RAM */

static void __init do_populate_rootfs(void *unused, async_cookie_t cookie)
{
	const char *err;

	/* Load the built in initramfs */
	err = unpack_to_rootfs(__initramfs_start, __initramfs_size);
	if (err)
		panic_show_mem("%s", err); /* Failed to decompress INTERNAL initramfs */

	if (!initrd_start || IS_ENABLED(CONFIG_INITRAMFS_FORCE))
		goto done;

	if (IS_ENABLED(CONFIG_BLK_DEV_RAM))
		pr_info("Trying to unpack rootfs image as initramfs...\n");
	else
		pr_info("Unpacking initramfs...\n");

	err = unpack_to_rootfs((char *)initrd_start, initrd_end - initrd_start);
	if (err) {
#ifdef CONFIG_BLK_DEV_RAM
		populate_initrd_image(err);
#else
		pr_emerg("Initramfs unpacking failed: %s\n", err);
#endif
	}

done:
	security_initramfs_populated();

	/*
	 * If the initrd region is overlapped with crashkernel reserved region,
	 * free only memory that is not part of crashkernel region.
	 */
	if (!do_retain_initrd && initrd_start && !kexec_free_initrd()) {
		free_initrd_mem(initrd_start, initrd_end);
	} else if (do_retain_initrd && initrd_start) {
		bin_attr_initrd.size = initrd_end - initrd_start;
		bin_attr_initrd.private = (void *)initrd_start;
		if (sysfs_create_bin_file(firmware_kobj, &bin_attr_initrd))
			pr_err("Failed to create initrd sysfs file");
	}
	initrd_start = 0;
	initrd_end = 0;

	init_flush_fput();
}

static ASYNC_DOMAIN_EXCLUSIVE(initramfs_domain);
static async_cookie_t initramfs_cookie;

void wait_for_initramfs(void)
{
	if (!initramfs_cookie) {
		/*
		 * Something before rootfs_initcall wants to access
		 * the filesystem/initramfs. Probably a bug. Make a
		 * note, avoid deadlocking the machine, and let the
		 * caller's access fail as it would on an empty rootfs.
		 */
		pr_warn_once("%s() called before rootfs_initcalls\n", __func__);
		return;
	}
	async_synchronize_cookie_domain(initramfs_cookie + 1, &initramfs_domain);
}
EXPORT_SYMBOL_GPL(wait_for_initramfs);

static int __init populate_rootfs(void)
{
	initramfs_cookie = async_schedule_domain(do_populate_rootfs, NULL,
						 &initramfs_domain);
	usermodehelper_enable();
	if (!initramfs_async)
		wait_for_initramfs();
	return 0;
}
rootfs_initcall(populate_rootfs);
