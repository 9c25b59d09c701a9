" tests/editors/vim-test.vim: the Vim files of editors/vim, headless (vim -es): file type, syntax of every word of lang/vocab.def and of each construct, the compiler's errorformat on real diagnostics.
" Run by tests/cli/editors.sh with ROOT, OUT (the folder of tests/editors/every-word.js's
" files and of the broken charter), EXPECT_LINE and EXPECT_BYTE; writes OUT/vim.log and
" exits with an error (cquit) when a check fails.
set nocompatible
let s:root = $ROOT
let s:out = $OUT
let &runtimepath = s:root . '/editors/vim,' . &runtimepath
filetype plugin on
syntax on
let s:fails = []
let s:checks = 0
function! s:Check(cond, what) abort
  let s:checks += 1
  if !a:cond
    call add(s:fails, a:what)
  endif
endfunction
function! s:Group(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 1), 'name')
endfunction

" The file type, from ftdetect; ftplugin's settings.
execute 'edit ' . fnameescape(s:out . '/mots.charte')
call s:Check(&filetype ==# 'charte', 'filetype of a .charte file: ' . &filetype)
call s:Check(&commentstring ==# '-- %s', 'commentstring: ' . &commentstring)
call s:Check(&makeprg =~# '^charte check', 'makeprg: ' . &makeprg)

" Every spelling of the vocabulary, on every byte of it.
for s:entry in readfile(s:out . '/mots.vim.txt')
  let [s:lnum, s:col, s:len, s:kind] = split(s:entry)
  for s:c in range(str2nr(s:col), str2nr(s:col) + str2nr(s:len) - 1)
    let s:g = s:Group(str2nr(s:lnum), s:c)
    let s:want = s:kind ==# 'unit' ? '^charteUnit$' : '^charte\(Keyword\|Logic\|Boolean\)$'
    if s:g !~# s:want
      call s:Check(0, printf('line %s byte %d (%s): %s, expected %s', s:lnum, s:c, getline(s:lnum), s:g, s:want))
      break
    endif
  endfor
  let s:checks += 1
endfor

" Each construct on the AMP example.
execute 'edit ' . fnameescape(s:root . '/examples/amp/amp.charte')
function! s:At(pattern, offset, group) abort
  let l:pos = searchpos(a:pattern, 'cw')
  call s:Check(l:pos[0] > 0, 'not found: ' . a:pattern)
  if l:pos[0] > 0
    let l:g = s:Group(l:pos[0], l:pos[1] + a:offset)
    call s:Check(l:g ==# a:group, printf('%s (+%d): %s, expected %s', a:pattern, a:offset, l:g, a:group))
  endif
  call cursor(1, 1)
endfunction
call s:At('^-- examples', 0, 'charteComment')
call s:At('^charte «', 0, 'charteKeyword')
call s:At('^charte «', 7, 'charteString')
call s:At('en vigueur du', 0, 'charteKeyword')
call s:At('en vigueur du', 10, 'charteKeyword')
call s:At('01/01/2021', 0, 'charteDate')
call s:At('^article 4', 0, 'charteKeyword')
call s:At('| nettoyage     | « Nettoyage »', 0, 'charteTable')
call s:At('80 %', 0, 'charteNumber')
call s:At('80 %', 3, 'charteUnit')
call s:At('25 €/h', 3, 'charteUnit')
call s:At('40 000 €', 3, 'charteNumber')
call s:At('40 000 €', 7, 'charteUnit')
call s:At("à l'échelle amp", 0, 'charteKeyword')
call s:At('| part de main-d', 2, 'charteKeyword')
call s:At('| nettoyage     | « Nettoyage »', 2, '')

" The compiler: charte check's diagnostics in the quickfix list, the cursor on the character.
execute 'edit ' . fnameescape(s:out . '/erreur.charte')
execute 'cgetfile ' . fnameescape(s:out . '/erreur.txt')
let s:qf = getqflist()
let s:errors = filter(copy(s:qf), 'v:val.valid && v:val.type ==# "e"')
let s:notes = filter(copy(s:qf), 'v:val.valid && v:val.type ==# "n"')
let s:invalid = filter(copy(s:qf), '!v:val.valid')
call s:Check(len(s:errors) == 1, 'one error in the quickfix list: ' . string(s:qf))
call s:Check(len(s:invalid) == 0, 'excerpt and caret lines are skipped: ' . string(s:invalid))
if len(s:errors) == 1
  call s:Check(s:errors[0].lnum == str2nr($EXPECT_LINE), 'error line: ' . s:errors[0].lnum)
  call s:Check(s:errors[0].text =~# '^\[C0201\]: ', 'error text keeps its code: ' . s:errors[0].text)
  call s:Check(bufname(s:errors[0].bufnr) =~# 'erreur\.charte$', 'error file: ' . bufname(s:errors[0].bufnr))
  cfirst
  call s:Check(line('.') == str2nr($EXPECT_LINE) && col('.') == str2nr($EXPECT_BYTE),
        \ printf('the cursor after :cfirst is on the name (line %d byte %d, expected %s byte %s)', line('.'), col('.'), $EXPECT_LINE, $EXPECT_BYTE))
endif
" :make runs charte check itself.
silent make
let s:made = filter(getqflist(), 'v:val.valid && v:val.type ==# "e"')
call s:Check(len(s:made) == 1 && s:made[0].lnum == str2nr($EXPECT_LINE), ':make gives the same error: ' . string(getqflist()))

call writefile(['checks: ' . s:checks] + s:fails, s:out . '/vim.log')
if len(s:fails) > 0
  cquit
endif
qall!
