-- Pre-warm: when the cursor settles on another line, tell the server (codepilot/prewarm) so that it
-- evaluates that place's prompt in the background and the first keystroke there is answered quickly.
-- LSP has no cursor-moved event; this notification is ours. The server never lets it delay a request.
local client = require('codepilot.client')

local M = {}

M.delay_ms = 300
M.stats = { sent = 0 }

local last_line = {} -- bufnr -> the line last pre-warmed
local timer

--- Called on CursorMoved / InsertEnter; sends at most one notification per settled line.
function M.schedule(bufnr)
  bufnr = client.buffer(bufnr)
  local row = vim.api.nvim_win_get_cursor(0)[1]
  if last_line[bufnr] == row or not client.get(bufnr) then
    return
  end
  timer = timer or vim.loop.new_timer()
  timer:stop()
  timer:start(M.delay_ms, 0, vim.schedule_wrap(function()
    if vim.api.nvim_get_current_buf() ~= bufnr or vim.api.nvim_win_get_cursor(0)[1] ~= row then
      return -- moved on again
    end
    local lsp = client.get(bufnr)
    if lsp then
      last_line[bufnr] = row
      lsp.notify('codepilot/prewarm', vim.lsp.util.make_position_params())
      M.stats.sent = M.stats.sent + 1
    end
  end))
end

function M.forget(bufnr)
  last_line[client.buffer(bufnr)] = nil
end

return M
