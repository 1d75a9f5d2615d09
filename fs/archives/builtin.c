// SPDX-License-Identifier: GPL-2.0-only
/*
 * Built-in archives: linked into the init section by kbuild from
 * CONFIG_ARCHIVES_BUILTIN, moved into the registry's swappable store at
 * boot, then freed with the rest of the init memory.
 */

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#include "internal.h"

struct archive_builtin {
	const char *name;
	const u8 *start;
	const u8 *end;
};

/*
 * builtin-archives.h, made by kbuild: one ARCHIVE_INCBIN() per archive and
 * ARCHIVE_BUILTINS, the initializers of their table entries.
 */
#include "builtin-archives.h"

static const struct archive_builtin archive_builtins[] __initconst = {
	ARCHIVE_BUILTINS
	{}
};

/* After the registry (fs_initcall), before user space can mount. */
static int __init archive_builtin_init(void)
{
	const struct archive_builtin *b;
	struct archive_desc desc = {};
	struct archive *a;

	for (b = archive_builtins; b->name; b++) {
		desc.name = b->name;
		desc.data = b->start;
		desc.size = b->end - b->start;
		a = archive_add(&desc, ARCHIVE_SOURCE_BUILTIN);
		if (IS_ERR(a))
			pr_err("archive %s: cannot register (%pe)\n", b->name, a);
	}
	return 0;
}
rootfs_initcall(archive_builtin_init);
