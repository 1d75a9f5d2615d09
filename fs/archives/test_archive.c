// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module carrying archives: loading it registers the archive "test" and
 * the public archive "test-public" (all owned by root), unloading
 * unregisters them.  "mount -t tmpfs -o archive=test none /mnt" loads it by
 * its alias.  An example for modules that ship archives, and the module
 * source of the boot tests.
 */

#include <linux/archive.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

ARCHIVE_INCBIN(test_archive_data, ".rodata", "fs/archives/test-archive.cpio");
ARCHIVE_INCBIN(test_public_data, ".rodata",
	       "fs/archives/test-archive-public.cpio");

static bool public;
module_param(public, bool, 0444);
MODULE_PARM_DESC(public, "Register the archive \"test\" as public");

static struct archive *test_archive, *test_public;

static int __init test_archive_init(void)
{
	struct archive_desc desc = {
		.name = "test",
		.data = test_archive_data,
		.size = test_archive_data_end - test_archive_data,
		.owner = THIS_MODULE,
		.flags = public ? ARCHIVE_PUBLIC : 0,
	};
	struct archive_desc pub = {
		.name = "test-public",
		.data = test_public_data,
		.size = test_public_data_end - test_public_data,
		.owner = THIS_MODULE,
		.flags = ARCHIVE_PUBLIC,
	};

	test_archive = archive_register(&desc);
	if (IS_ERR(test_archive))
		return PTR_ERR(test_archive);
	test_public = archive_register(&pub);
	if (IS_ERR(test_public)) {
		archive_unregister(test_archive);
		return PTR_ERR(test_public);
	}
	return 0;
}
module_init(test_archive_init);

static void __exit test_archive_exit(void)
{
	archive_unregister(test_public);
	archive_unregister(test_archive);
}
module_exit(test_archive_exit);

MODULE_ALIAS("archive-test");
MODULE_ALIAS("archive-test-public");
MODULE_DESCRIPTION("Named archive \"test\", for examples and boot tests");
MODULE_LICENSE("GPL");
