" editors/vim/ftplugin/charte.vim: comments, words and :make for charters.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

" Names take accented letters, as the scanner does.
setlocal iskeyword=@,48-57,_,192-255
setlocal commentstring=--\ %s
setlocal comments=:--
setlocal expandtab shiftwidth=2 softtabstop=2
compiler charte
let b:undo_ftplugin = 'setlocal iskeyword< commentstring< comments< expandtab< shiftwidth< softtabstop< makeprg< errorformat<'
