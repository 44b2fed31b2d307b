/* insn_count.c: a qemu-user TCG plugin that counts the guest instructions a program executes
 * and prints the total on stderr at exit ("insn_count: N"), for the Pi CPU estimate
 * (tests/cross/cost.sh, docs/raspberry-pi.md). Built for the host:
 *   cc -shared -fPIC -o insn_count.so tests/cross/insn_count.c
 *   qemu-aarch64 -plugin ./insn_count.so PROGRAM ...
 * Debian ships no qemu-plugin.h, so the few entry points of QEMU's plugin API (version 1, as
 * exported by Debian 12's qemu-user 7.2) are declared here. Each translated block adds its
 * instruction count to one counter inline, so the count is exact for a single-threaded guest. */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_info_t_opaque;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*tb_trans_cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*udata_cb)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_cb cb, void *userdata);

__attribute__((visibility("default"))) extern int qemu_plugin_version;
__attribute__((visibility("default"))) int qemu_plugin_version = 1;

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t_opaque *info, int argc,
                    char **argv);

static uint64_t insns;

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &insns,
                                             qemu_plugin_tb_n_insns(tb));
}

static void on_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    fprintf(stderr, "insn_count: %" PRIu64 "\n", insns);
}

int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t_opaque *info, int argc,
                        char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
