" editors/vim/compiler/charte.vim: :make runs charte check; its diagnostics go to the quickfix list.
if exists('current_compiler')
  finish
endif
let current_compiler = 'charte'
if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

CompilerSet makeprg=charte\ check\ %:S
" file:line:col: error[C0401]: message, in code points: %v (a screen column) puts the cursor
" on the right character after accents and « ». The code stays in the message; notes are
" entries of their own; the excerpt and caret lines under each diagnostic are skipped.
CompilerSet errorformat=%f:%l:%v:\ %trror%m,
                       \%f:%l:%v:\ %tarning%m,
                       \%f:%l:%v:\ %tote:\ %m,
                       \%f:%l:\ %trror%m,
                       \%f:%l:\ %tarning%m,
                       \%-G%.%#
