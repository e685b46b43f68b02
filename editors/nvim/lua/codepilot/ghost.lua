-- Ghost text: the server's textDocument/inlineCompletion shown with extmarks at the cursor, inserted
-- only when accepted. One request per buffer at a time: a newer one cancels the older, and an answer
-- for a buffer or cursor that has since changed is dropped. What becomes of each suggestion (shown,
-- accepted whole, by line or by word, dismissed) goes to the server's local usage statistics.
local client = require('codepilot.client')
local config = require('codepilot.config')

local M = {}

M.namespace = vim.api.nvim_create_namespace('codepilot')
M.stats = { requests = 0, cancelled = 0, shown = 0, dropped = 0 }

local state = {} -- bufnr -> { request = id, client = client, timer = uv timer, suggestion = {row, col, text, id} }

local resolve = client.buffer

local function buffer_state(bufnr)
  state[bufnr] = state[bufnr] or {}
  return state[bufnr]
end

local function cursor()
  local pos = vim.api.nvim_win_get_cursor(0)
  return pos[1], pos[2] -- 1-based row, 0-based byte column
end

--- The suggestion shown in a buffer: { row, col, text, id } or nil.
function M.current(bufnr)
  return buffer_state(resolve(bufnr)).suggestion
end

--- Tells the server what happened to a suggestion (codepilot/suggestionEvent); nothing without an id.
local function report(bufnr, id, event)
  local lsp = client.get(bufnr)
  if lsp and id then
    lsp.notify('codepilot/suggestionEvent', { id = id, event = event })
  end
end

local function hide(bufnr)
  vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
  buffer_state(bufnr).suggestion = nil
end

--- Removes the suggestion shown, if any: the user typed on, moved away or dismissed it.
function M.clear(bufnr)
  bufnr = resolve(bufnr)
  local suggestion = buffer_state(bufnr).suggestion
  if suggestion and not suggestion.accepted then
    report(bufnr, suggestion.id, 'dismissed')
  end
  hide(bufnr)
end

function M.cancel(bufnr)
  local s = buffer_state(resolve(bufnr))
  if s.timer then
    s.timer:stop()
  end
  if s.request and s.client then
    s.client.cancel_request(s.request)
    M.stats.cancelled = M.stats.cancelled + 1
  end
  s.request = nil
end

local function show(bufnr, row, col, text, id, accepted)
  local lines = vim.split(text, '\n', { plain = true })
  local line = vim.api.nvim_buf_get_lines(bufnr, row - 1, row, false)[1] or ''
  local opts = { virt_text = { { lines[1], config.options.highlight } }, hl_mode = 'combine' }
  if vim.fn.has('nvim-0.10') == 1 then
    opts.virt_text_pos = 'inline'
  elseif col >= #line then
    opts.virt_text_pos = 'overlay' -- at the end of the line, overlay draws exactly where the text would go
  else
    opts.virt_text_pos = 'eol' -- Neovim < 0.10 cannot draw between characters
  end
  if #lines > 1 then
    opts.virt_lines = {}
    for i = 2, #lines do
      table.insert(opts.virt_lines, { { lines[i], config.options.highlight } })
    end
  end
  vim.api.nvim_buf_set_extmark(bufnr, M.namespace, row - 1, col, opts)
  buffer_state(bufnr).suggestion = { row = row, col = col, text = text, id = id, accepted = accepted }
  if not accepted then
    M.stats.shown = M.stats.shown + 1
    report(bufnr, id, 'shown')
  end
end

local function text_of(item)
  local text = item.insertText
  if type(text) == 'table' then
    text = text.value -- a snippet string
  end
  return text
end

--- Asks the server for a suggestion at the cursor now (no debounce).
function M.request(bufnr)
  bufnr = resolve(bufnr)
  M.cancel(bufnr)
  M.clear(bufnr)
  local lsp = client.get(bufnr)
  if not lsp then
    return
  end
  local s = buffer_state(bufnr)
  local row, col = cursor()
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local params = vim.lsp.util.make_position_params()
  params.context = { triggerKind = 2 }
  local id
  local ok, request_id = lsp.request('textDocument/inlineCompletion', params, function(err, result)
    if s.request ~= id then
      return -- superseded
    end
    s.request = nil
    local r, c = cursor()
    if err or not result or vim.api.nvim_buf_get_changedtick(bufnr) ~= tick or r ~= row or c ~= col
      or vim.api.nvim_get_current_buf() ~= bufnr then
      M.stats.dropped = M.stats.dropped + 1
      M.stats.last_drop = err and err.message or (not result and 'no result') or 'the buffer or cursor moved'
      return
    end
    local items = result.items or result
    local text = items[1] and text_of(items[1])
    if text and text ~= '' then
      local argument = items[1].command and items[1].command.arguments and items[1].command.arguments[1]
      show(bufnr, row, col, text, type(argument) == 'table' and argument.id or nil)
    end
  end, bufnr)
  if ok then
    id = request_id
    s.request = id
    s.client = lsp
    M.stats.requests = M.stats.requests + 1
  end
end

--- Asks after the user pauses for debounce_ms.
function M.schedule(bufnr)
  bufnr = resolve(bufnr)
  local s = buffer_state(bufnr)
  M.cancel(bufnr)
  M.clear(bufnr)
  s.timer = s.timer or vim.loop.new_timer()
  s.timer:start(config.options.debounce_ms, 0, vim.schedule_wrap(function()
    if vim.api.nvim_get_current_buf() == bufnr and vim.fn.mode():sub(1, 1) == 'i' then
      M.request(bufnr)
    end
  end))
end

local function part_of(text, kind)
  if kind == 'line' then
    local first, rest = text:match('^(.-)\n(.*)$')
    if not first then
      return text
    end
    if first:match('^%s*$') then
      return first .. '\n' .. (rest:match('^[^\n]*') or '')
    end
    return first
  elseif kind == 'word' then
    return text:match('^%s*[%w_]+') or text:match('^%s*[^%w_%s]+') or text:match('^%s+') or text
  end
  return text
end

--- Inserts the suggestion (kind: 'all', 'line' or 'word'); what is left of it stays shown.
--- Returns false when there is nothing to accept here.
function M.accept(kind, bufnr)
  bufnr = resolve(bufnr)
  local suggestion = buffer_state(bufnr).suggestion
  local row, col = cursor()
  if not suggestion or suggestion.row ~= row or suggestion.col ~= col then
    return false
  end
  local part = part_of(suggestion.text, kind or 'all')
  local lines = vim.split(part, '\n', { plain = true })
  local inserted_at = vim.lsp.util.make_position_params().position
  hide(bufnr)
  vim.api.nvim_buf_set_text(bufnr, row - 1, col, row - 1, col, lines)
  local end_row = row + #lines - 1
  local end_col = #lines == 1 and col + #lines[1] or #lines[#lines]
  vim.api.nvim_win_set_cursor(0, { end_row, end_col })
  local lsp = client.get(bufnr)
  if lsp then
    -- The server prefetches the next suggestion, where this text ends.
    lsp.request('workspace/executeCommand', {
      command = 'codepilot.acceptedSuggestion',
      arguments = { { uri = vim.uri_from_bufnr(bufnr), position = inserted_at, text = part, id = suggestion.id } },
    }, function() end, bufnr)
  end
  report(bufnr, suggestion.id, ({ all = 'accepted', line = 'acceptedLine', word = 'acceptedWord' })[kind or 'all'])
  local rest = suggestion.text:sub(#part + 1)
  if rest ~= '' then
    show(bufnr, end_row, end_col, rest, suggestion.id, true) -- the same suggestion: shown once, part of it accepted
  end
  return true
end

function M.dismiss(bufnr)
  bufnr = resolve(bufnr)
  M.cancel(bufnr)
  M.clear(bufnr)
end

return M
