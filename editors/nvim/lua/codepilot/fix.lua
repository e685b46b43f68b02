-- :CodePilotFix — the server's "Fix with CodePilot" code action for the lines: only an edit that
-- passed the server's compile check is ever shown, and it is applied on confirmation (or at once with !).
local client = require('codepilot.client')

local M = {}

--- Returns a table that gets `done = true` and either `applied`, `edit` or `message`.
function M.fix(bufnr, first, last, apply_without_asking)
  bufnr = client.buffer(bufnr)
  local lsp = client.get(bufnr) or client.attach(bufnr)
  local result = { done = false }
  if not lsp then
    result.done, result.message = true, 'CodePilot is not running for this buffer'
    return result
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = first - 1, character = 0 }, ['end'] = { line = last - 1, character = 0 } },
    context = { diagnostics = {} },
  }
  local function finish(message)
    result.done, result.message = true, message
    vim.notify('CodePilot: ' .. message, vim.log.levels.WARN)
  end
  lsp.request('textDocument/codeAction', params, function(err, actions)
    local action
    for _, a in ipairs(actions or {}) do
      if a.title == 'Fix with CodePilot' then
        action = a
      end
    end
    if err or not action then
      return finish(err and err.message or ('Roslyn reports no errors in lines ' .. first .. '-' .. last))
    end
    lsp.request('codeAction/resolve', action, function(resolve_err, resolved)
      if resolve_err then
        return finish(resolve_err.message)
      end
      if not resolved.edit then
        return finish(resolved.disabled and resolved.disabled.reason or 'no checked fix')
      end
      result.edit = resolved.edit
      local apply = apply_without_asking
      if not apply then
        local edits = resolved.edit.changes[vim.uri_from_bufnr(bufnr)] or {}
        local preview = edits[1] and edits[1].newText or ''
        apply = vim.fn.confirm('CodePilot fix (compile-checked):\n' .. preview .. '\nApply?', '&Yes\n&No', 2) == 1
      end
      if apply then
        vim.lsp.util.apply_workspace_edit(resolved.edit, 'utf-16')
        result.applied = true
      end
      result.done = true
    end, bufnr)
  end, bufnr)
  return result
end

return M
