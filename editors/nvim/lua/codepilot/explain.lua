-- :CodePilotExplain — the server's Markdown explanation of a range, streamed into a floating window.
local client = require('codepilot.client')

local M = {}

local next_token = 0

local function open_window(title)
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_option(buf, 'filetype', 'markdown')
  vim.api.nvim_buf_set_option(buf, 'bufhidden', 'wipe')
  local width = math.min(90, math.max(40, vim.o.columns - 10))
  local height = math.min(30, math.max(8, vim.o.lines - 8))
  local win = vim.api.nvim_open_win(buf, false, {
    relative = 'editor', width = width, height = height, style = 'minimal', border = 'rounded',
    row = math.floor((vim.o.lines - height) / 2), col = math.floor((vim.o.columns - width) / 2),
  })
  vim.api.nvim_win_set_option(win, 'wrap', true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { title, '' })
  vim.api.nvim_buf_set_keymap(buf, 'n', 'q', '<cmd>close<cr>', { nowait = true, silent = true })
  return buf, win
end

local function render(buf, title, markdown)
  if vim.api.nvim_buf_is_valid(buf) then
    local lines = { title, '' }
    vim.list_extend(lines, vim.split(markdown, '\n', { plain = true }))
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  end
end

--- Explains lines first..last (1-based) of a buffer. Returns the window's buffer and a table that
--- gets `done = true` and `markdown` (or `error`) when the server answers.
function M.explain(bufnr, first, last)
  bufnr = client.buffer(bufnr)
  local lsp = client.get(bufnr) or client.attach(bufnr)
  local result = { done = false }
  if not lsp then
    result.done, result.error = true, 'CodePilot is not running for this buffer'
    return nil, result
  end
  next_token = next_token + 1
  local token = 'codepilot-explain-' .. next_token
  local title = string.format('# CodePilot: lines %d-%d', first, last)
  local buf = open_window(title)
  client.listen(token, function(value)
    if value.kind == 'report' and value.message then
      render(buf, title, value.message)
    end
  end)
  local last_line = vim.api.nvim_buf_get_lines(bufnr, last - 1, last, false)[1] or ''
  lsp.request('codepilot/explain', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = first - 1, character = 0 }, ['end'] = { line = last - 1, character = #last_line } },
    workDoneToken = token,
  }, function(err, answer)
    client.unlisten(token)
    result.done = true
    if err then
      result.error = err.message
      render(buf, title, '**' .. err.message .. '**')
    else
      result.markdown = answer.markdown
      render(buf, title .. ' (' .. answer.model .. ')', answer.markdown)
    end
  end, bufnr)
  return buf, result
end

return M
