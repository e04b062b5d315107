const keywords = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/**
 * Attributes of nn.Module and nn.ModuleDict (torch 1.13 and later releases). PyTorch refuses a
 * submodule with one of these names, or with a leading underscore (add_module: "attribute already
 * exists").
 */
const moduleAttributes = new Set(
  (
    'T_destination add_module apply bfloat16 buffers call_super_init children clear compile cpu ' +
    'cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state ' +
    'get_parameter get_submodule half ipu items keys load_state_dict modules mtia named_buffers ' +
    'named_children named_modules named_parameters parameters pop register_backward_hook ' +
    'register_buffer register_forward_hook register_forward_pre_hook ' +
    'register_full_backward_hook register_full_backward_pre_hook ' +
    'register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module ' +
    'register_parameter register_state_dict_post_hook register_state_dict_pre_hook ' +
    'requires_grad_ set_extra_state set_submodule share_memory state_dict to to_empty train ' +
    'training type update values xpu zero_grad'
  ).split(' '),
);

/** Whether PyTorch refuses this as a submodule's name. */
export const isTorchReserved = (name: string): boolean =>
  name.startsWith('_') || moduleAttributes.has(name);

/** Whether a submodule name is a Python keyword, so that `self.<name>` would not parse. */
export const isKeyword = (name: string): boolean => keywords.has(name);
/** Hands out distinct Python variable names derived from op names (`b2.0.conv1` → `b2_0_conv1`). */
export function variableNames(taken: readonly string[]): (opName: string) => string {
  const used = new Set([...keywords, ...taken]);
  return (opName) => {
    const base = opName.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  };
}
