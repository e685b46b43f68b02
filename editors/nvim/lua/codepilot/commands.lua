-- User commands; they work once require('codepilot').setup{} has run.
local M = {}

function M.define()
  vim.api.nvim_create_user_command('CodePilotExplain', function(opts)
    require('codepilot.explain').explain(0, opts.line1, opts.line2)
  end, { range = true, desc = 'Explain the lines with CodePilot (streams into a window)' })
  vim.api.nvim_create_user_command('CodePilotFix', function(opts)
    require('codepilot.fix').fix(0, opts.line1, opts.line2, opts.bang)
  end, { range = true, bang = true, desc = 'Fix the lines with CodePilot (a compile-checked edit; ! applies without asking)' })
  vim.api.nvim_create_user_command('CodePilotStatus', function()
    print(require('codepilot').status())
  end, { desc = 'CodePilot server, model and index' })
  vim.api.nvim_create_user_command('CodePilotNextEdit', function()
    require('codepilot.nextedit').request(0)
  end, { desc = 'Ask for the next edit now (previewed; jump and apply with the next_edit keys)' })
  vim.api.nvim_create_user_command('CodePilotToggle', function()
    require('codepilot').toggle()
  end, { desc = 'Turn automatic suggestions on or off' })
end

return M
