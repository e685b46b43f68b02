-- CodePilot for Neovim: a thin client of `codepilot serve`. See :help codepilot.
local config = require('codepilot.config')
local client = require('codepilot.client')
local ghost = require('codepilot.ghost')
local prewarm = require('codepilot.prewarm')
local nextedit = require('codepilot.nextedit')

local M = {}

local group

local function map(lhs, kind, fallback)
  if not lhs or lhs == '' then
    return
  end
  vim.keymap.set('i', lhs, function()
    if kind == 'dismiss' then
      ghost.dismiss()
      return
    end
    if not ghost.accept(kind) then
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(fallback or lhs, true, false, true), 'n', false)
    end
  end, { desc = 'CodePilot: ' .. kind })
end

function M.setup(opts)
  local options = config.set(opts)
  group = vim.api.nvim_create_augroup('codepilot', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      client.attach(args.buf)
    end,
  })
  vim.api.nvim_create_autocmd({ 'TextChangedI', 'CursorMovedI' }, {
    group = group,
    callback = function(args)
      local suggestion = ghost.current(args.buf)
      local row, col = unpack(vim.api.nvim_win_get_cursor(0))
      if suggestion and suggestion.row == row and suggestion.col == col then
        return -- the cursor is where the suggestion is shown (just accepted part of it)
      end
      if options.auto_trigger and client.get(args.buf) then
        ghost.schedule(args.buf)
      end
    end,
  })
  vim.api.nvim_create_autocmd({ 'CursorMoved', 'InsertEnter' }, {
    group = group,
    callback = function(args)
      if options.auto_trigger then
        prewarm.schedule(args.buf)
      end
    end,
  })
  vim.api.nvim_create_autocmd({ 'TextChanged', 'BufUnload' }, {
    group = group,
    callback = function(args)
      prewarm.forget(args.buf) -- the line's prompt changed: warm it again when the cursor comes back
    end,
  })
  vim.api.nvim_create_autocmd({ 'TextChanged', 'TextChangedI' }, {
    group = group,
    callback = function(args)
      if client.get(args.buf) then
        nextedit.schedule(args.buf) -- drops the one shown; asks again after a pause
      end
    end,
  })
  vim.api.nvim_create_autocmd({ 'InsertLeave', 'BufLeave' }, {
    group = group,
    callback = function(args)
      ghost.dismiss(args.buf)
    end,
  })
  map(options.keymaps.accept, 'all')
  map(options.keymaps.accept_line, 'line')
  map(options.keymaps.accept_word, 'word')
  map(options.keymaps.dismiss, 'dismiss')
  for key, action in pairs({ next_edit_jump = nextedit.jump, next_edit_apply = nextedit.apply }) do
    local lhs = options.keymaps[key]
    if lhs and lhs ~= '' then
      vim.keymap.set({ 'n', 'i' }, lhs, function()
        if not action(0) then
          vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(lhs, true, false, true), 'n', false)
        end
      end, { desc = 'CodePilot: ' .. key:gsub('_', ' ') })
    end
  end
  -- Buffers already open when setup runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(options.filetypes, vim.bo[buf].filetype) then
      client.attach(buf)
    end
  end
end

function M.toggle()
  config.options.auto_trigger = not config.options.auto_trigger
  if not config.options.auto_trigger then
    ghost.dismiss()
  end
  vim.notify('CodePilot suggestions ' .. (config.options.auto_trigger and 'on' or 'off'))
end

--- One paragraph: server, workspace, model and index, from what the server has said.
function M.status()
  local lsp = client.get(0)
  if not lsp then
    local cmd, problem = config.command()
    return 'CodePilot: not running for this buffer (' .. (cmd and 'cmd: ' .. table.concat(cmd, ' ') or problem) .. ')'
  end
  local lines = { 'CodePilot: running (client ' .. lsp.id .. ', root ' .. (lsp.config.root_dir or '?') .. ')' }
  for _, message in ipairs(client.messages) do
    if message:match('^CodePilot model') or message:match('^Indexed') or message:match('random weights') then
      table.insert(lines, '  ' .. message)
    end
  end
  table.insert(lines, '  suggestions: ' .. (config.options.auto_trigger and 'on' or 'off')
    .. string.format(' (%d requested, %d shown, %d cancelled)', ghost.stats.requests, ghost.stats.shown, ghost.stats.cancelled))
  table.insert(lines, '  ' .. M.usage_today(lsp))
  return table.concat(lines, '\n')
end

--- Today's acceptance rate from the server's local usage statistics (codepilot/usage), in one line.
function M.usage_today(lsp)
  lsp = lsp or client.get(0)
  if not lsp then
    return 'today: the server is not running'
  end
  local response = lsp.request_sync('codepilot/usage', { days = 1 }, 2000, 0)
  local usage = response and response.result
  if not usage then
    return 'today: no usage statistics (' .. tostring(response and response.err and response.err.message or 'no answer') .. ')'
  end
  if not usage.enabled then
    return 'today: usage statistics are off (usageStats)'
  end
  local rate = usage.acceptanceRate ~= nil and usage.acceptanceRate ~= vim.NIL
    and string.format('%.0f %%', usage.acceptanceRate * 100) or 'n/a'
  return string.format('today: %s accepted (%d of %d shown; local only, `codepilot stats` for more)', rate, usage.accepted, usage.shown)
end

return M
