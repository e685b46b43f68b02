-- Options of require('codepilot').setup{}; see :help codepilot-config.
local M = {}

M.defaults = {
  -- nil: the bundle's own server, else codepilot on PATH (codepilot.server).
  cmd = nil,
  filetypes = { 'cs', 'python', 'lua', 'typescript', 'javascript', 'go', 'rust', 'java', 'c', 'cpp' },
  -- Passed to the server as initializationOptions (model, explainModel, contextTokens, gpuLayers, ...).
  settings = {},
  debounce_ms = 150,
  auto_trigger = true,
  keymaps = {
    accept = '<Tab>',
    accept_line = '<C-l>',
    accept_word = '<C-Right>',
    dismiss = '<C-]>',
    -- Next edit suggestions, in insert and normal mode.
    next_edit_jump = '<M-n>',
    next_edit_apply = '<M-y>',
  },
  highlight = 'Comment',
  -- Next edit suggestions (a next-edit model on the server: settings.nextEditModel or nextEditModelName).
  next_edit = true,
  next_edit_debounce_ms = 600,
  next_edit_removed_highlight = 'DiffDelete',
  next_edit_added_highlight = 'DiffAdd',
}

M.options = vim.deepcopy(M.defaults)

--- The server command, or nil and why there is none.
function M.command()
  if M.options.cmd then
    return M.options.cmd
  end
  return require('codepilot.server').find()
end

function M.set(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  return M.options
end

return M
