" editors/vim/ftdetect/charte.vim: a .charte file is a charter.
autocmd BufRead,BufNewFile *.charte setfiletype charte
