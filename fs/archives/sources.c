// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where archives come from when a name is not registered yet: modules
 * (auto-loaded by alias) and firmware.  Built-in archives are registered at
 * boot, see builtin.c.
 */

#include <linux/firmware.h>
#include <linux/kmod.h>
#include <linux/string.h>

#include "internal.h"

/**
 * DOC: archive sources
 *
 * archive_find() looks a name up in the registry, which holds the built-in
 * archives from boot on, then, if allowed to load, tries in order:
 *
 * * a module: ``request_module("archive-NAME")``; a module declaring
 *   ``MODULE_ALIAS("archive-NAME")`` registers the archive in its init
 *   function and unregisters it in its exit function;
 * * firmware: ``request_firmware_direct("archives/NAME.cpio")``, found in
 *   the firmware search path (built-in firmware, ``firmware_class.path=``,
 *   ``/lib/firmware/updates``, ``/lib/firmware``, ...), also as
 *   ``NAME.cpio.zst`` or ``NAME.cpio.xz`` when the firmware loader supports
 *   compressed files.  It is copied into the registry (source "firmware",
 *   not public) and stays registered.  When the firmware loader refuses
 *   the file it found last on its search path with -EINVAL (an empty file,
 *   not a regular file, or a corrupt compressed one), the archive is not
 *   found with -ENODATA rather than -ENOENT.
 */

static struct archive *archive_from_firmware(const char *name)
{
	char fw_name[sizeof("archives/.cpio") + ARCHIVE_NAME_MAX];
	struct archive_desc desc = { .name = name };
	const struct firmware *fw;
	struct archive *a;
	int err;

	if (!IS_ENABLED(CONFIG_FW_LOADER))
		return ERR_PTR(-ENOENT);
	snprintf(fw_name, sizeof(fw_name), "archives/%s.cpio", name);
	err = request_firmware_direct(&fw, fw_name, NULL);
	if (err)
		return ERR_PTR(err == -EINVAL ? -ENODATA : -ENOENT);
	desc.data = fw->data;
	desc.size = fw->size;
	a = archive_add(&desc, ARCHIVE_SOURCE_FIRMWARE);
	release_firmware(fw);
	/* Registered meanwhile by a concurrent mount: use that one. */
	if (a == ERR_PTR(-EEXIST))
		return archive_get(name);
	if (!IS_ERR(a))
		archive_hold(a);	/* the registry keeps its own */
	return a;
}

/**
 * archive_find() - find an archive by name, loading it if allowed
 * @name: a valid archive name
 * @may_load: whether modules and firmware may be tried
 *
 * Return: the archive with a new reference, ERR_PTR(-ENOENT) if no source
 * has it, ERR_PTR(-ENODATA) if its firmware file is empty, not a regular
 * file or corrupt, or another
 * ERR_PTR() if registering the firmware failed.
 * Context: process context, may sleep (and load modules or firmware).
 */
struct archive *archive_find(const char *name, bool may_load)
{
	struct archive *a = archive_get(name);

	if (!IS_ERR(a) || !may_load)
		return a;
	if (IS_ENABLED(CONFIG_MODULES)) {
		request_module("archive-%s", name);
		a = archive_get(name);
		if (!IS_ERR(a))
			return a;
	}
	return archive_from_firmware(name);
}
