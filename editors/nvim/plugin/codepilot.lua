-- Commands only; everything else loads on require('codepilot').setup{}.
require('codepilot.commands').define()
