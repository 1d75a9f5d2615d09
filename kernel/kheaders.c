// SPDX-License-Identifier: GPL-2.0
/*
 * The headers the kernel was built with, for tracing tools that compile
 * eBPF programs at run time: the named archive "kheaders", a tmpfs away
 * ("mount -t tmpfs -o archive=kheaders,ro none DIR"), and with
 * CONFIG_IKHEADERS_TARBALL the tarball /sys/kernel/kheaders.tar.xz, for
 * tools that read the headers from that file.  kernel/gen_kheaders.sh
 * makes both; see "Kernel headers" in
 * Documentation/filesystems/archives.rst.
 */

#include <linux/archive.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>

#ifdef CONFIG_ARCHIVES

#ifdef CONFIG_IKHEADERS_XZ
#define KHEADERS_CPIO	"kernel/kheaders_data.cpio.xz"
#else
#define KHEADERS_CPIO	"kernel/kheaders_data.cpio.zst"
#endif

/*
 * In the init section, built in or in the module: registration copies it
 * into the registry's swappable store, then the image copy is freed.
 */
ARCHIVE_INCBIN(kheaders_cpio, ".init.rodata", KHEADERS_CPIO);

static struct archive *kheaders_archive;

static int __init kheaders_archive_register(void)
{
	struct archive_desc desc = {
		.name = "kheaders",
		.data = kheaders_cpio,
		.size = kheaders_cpio_end - kheaders_cpio,
		.owner = THIS_MODULE,
		/* Public: as the tarball (mode 0444), readable by anyone. */
		.flags = ARCHIVE_PUBLIC,
	};

	kheaders_archive = archive_register(&desc);
	if (IS_ERR(kheaders_archive)) {
		pr_err("kheaders: cannot register the archive (%pe)\n",
		       kheaders_archive);
		return PTR_ERR(kheaders_archive);
	}
	return 0;
}

static void kheaders_archive_unregister(void)
{
	archive_unregister(kheaders_archive);
}

#else /* !CONFIG_ARCHIVES */

static inline int kheaders_archive_register(void)
{
	return 0;
}

static inline void kheaders_archive_unregister(void)
{
}

#endif /* CONFIG_ARCHIVES */

#ifdef CONFIG_IKHEADERS_TARBALL

/* Kept as long as the kernel (or the module) is: unswappable memory. */
ARCHIVE_INCBIN(kernel_headers_data, ".rodata", "kernel/kheaders_data.tar.xz");

static struct bin_attribute kheaders_attr __ro_after_init = {
	.attr = {
		.name = "kheaders.tar.xz",
		.mode = 0444,
	},
	.read = sysfs_bin_attr_simple_read,
};

static int __init kheaders_tarball_add(void)
{
	kheaders_attr.private = (void *)kernel_headers_data;
	kheaders_attr.size = kernel_headers_data_end - kernel_headers_data;
	return sysfs_create_bin_file(kernel_kobj, &kheaders_attr);
}

static void kheaders_tarball_remove(void)
{
	sysfs_remove_bin_file(kernel_kobj, &kheaders_attr);
}

#else /* !CONFIG_IKHEADERS_TARBALL */

static inline int kheaders_tarball_add(void)
{
	return 0;
}

static inline void kheaders_tarball_remove(void)
{
}

#endif /* CONFIG_IKHEADERS_TARBALL */

static int __init ikheaders_init(void)
{
	int err;

	/*
	 * Without the archive, the tarball alone serves the tools that read
	 * it: a failed registration is fatal only without the tarball.
	 */
	err = kheaders_archive_register();
	if (err && !IS_ENABLED(CONFIG_IKHEADERS_TARBALL))
		return err;
	err = kheaders_tarball_add();
	if (err)
		kheaders_archive_unregister();
	return err;
}

static void __exit ikheaders_cleanup(void)
{
	kheaders_tarball_remove();
	kheaders_archive_unregister();
}

module_init(ikheaders_init);
module_exit(ikheaders_cleanup);

MODULE_ALIAS("archive-kheaders");
MODULE_LICENSE("GPL v2");
MODULE_AUTHOR("Joel Fernandes");
MODULE_DESCRIPTION("The kernel headers: the archive \"kheaders\" and /sys/kernel/kheaders.tar.xz");
