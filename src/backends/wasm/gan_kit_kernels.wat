;; gan-kit's own WebAssembly kernels for the tfjs `wasm` backend: Adam, transposes, convolution patches (im2col) and their adjoint (col2im), batch normalization, tanh, column sums.
;;
;; Multiply-adds that may round once or twice are written f32x4.relaxed_madd (relaxed SIMD's fused multiply-add);
;; scripts/build-wasm.ts also assembles a copy with each spelled as a multiply, then an add, for runtimes without
;; relaxed SIMD (src/backends/wasm/kernel_module.ts picks one at run time). Adam keeps separate roundings: it matches
;; tf.train.adam bit for bit.
;;
;; They run on the backend's own memory (imported; the tensors' data stay where the backend put them) and are
;; built by `npm run build:wasm` (scripts/build-wasm.ts) into src/backends/wasm/kernel_binary.ts, with a shared
;; memory import (the backend's multi-threaded builds) and with a plain one. All pointers are byte offsets.

(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Adam (Kingma & Ba 2014) for n float32 weights, in exactly the float32 operations of tf.train.adam:
  ;;   m' = m·β1 + g·(1−β1)          v' = v·β2 + (g·g)·(1−β2)
  ;;   w' = ((m'/c1) / (√(v'/c2) + ε))·(−lr) + w      with c1 = 1 − β1^t, c2 = 1 − β2^t.
  ;; Reads w, g, m, v and the float32 scalars c1, c2 (at pc1, pc2: tensors of the backend, so nothing is read back to
  ;; JavaScript); writes w', m', v' to wo, mo, vo (which may not overlap the inputs).
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32)
    (param $wo i32) (param $mo i32) (param $vo i32) (param $n i32)
    (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32)
    (param $pc1 i32) (param $pc2 i32) (param $eps f32) (param $nlr f32)
    (local $c1 f32) (local $c2 f32)
    (local $o i32) (local $end i32)
    (local $xb1 v128) (local $xomb1 v128) (local $xb2 v128) (local $xomb2 v128)
    (local $xc1 v128) (local $xc2 v128) (local $xeps v128) (local $xnlr v128)
    (local $xg v128) (local $xm v128) (local $xv v128)
    (local $sg f32) (local $sm f32) (local $sv f32)
    (local.set $c1 (f32.load (local.get $pc1)))
    (local.set $c2 (f32.load (local.get $pc2)))
    (local.set $xb1 (f32x4.splat (local.get $b1)))
    (local.set $xomb1 (f32x4.splat (local.get $omb1)))
    (local.set $xb2 (f32x4.splat (local.get $b2)))
    (local.set $xomb2 (f32x4.splat (local.get $omb2)))
    (local.set $xc1 (f32x4.splat (local.get $c1)))
    (local.set $xc2 (f32x4.splat (local.get $c2)))
    (local.set $xeps (f32x4.splat (local.get $eps)))
    (local.set $xnlr (f32x4.splat (local.get $nlr)))
    ;; four lanes at a time
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $done4
      (loop $next4
        (br_if $done4 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $xg (v128.load align=4 (i32.add (local.get $g) (local.get $o))))
        (local.set $xm
          (f32x4.add
            (f32x4.mul (v128.load align=4 (i32.add (local.get $m) (local.get $o))) (local.get $xb1))
            (f32x4.mul (local.get $xg) (local.get $xomb1))))
        (local.set $xv
          (f32x4.add
            (f32x4.mul (v128.load align=4 (i32.add (local.get $v) (local.get $o))) (local.get $xb2))
            (f32x4.mul (f32x4.mul (local.get $xg) (local.get $xg)) (local.get $xomb2))))
        (v128.store align=4 (i32.add (local.get $mo) (local.get $o)) (local.get $xm))
        (v128.store align=4 (i32.add (local.get $vo) (local.get $o)) (local.get $xv))
        (v128.store align=4 (i32.add (local.get $wo) (local.get $o))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $xm) (local.get $xc1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $xv) (local.get $xc2))) (local.get $xeps)))
              (local.get $xnlr))
            (v128.load align=4 (i32.add (local.get $w) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next4)))
    ;; the remaining 0–3 weights, one at a time
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done1
      (loop $next1
        (br_if $done1 (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $sg (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $sm
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
            (f32.mul (local.get $sg) (local.get $omb1))))
        (local.set $sv
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
            (f32.mul (f32.mul (local.get $sg) (local.get $sg)) (local.get $omb2))))
        (f32.store (i32.add (local.get $mo) (local.get $o)) (local.get $sm))
        (f32.store (i32.add (local.get $vo) (local.get $o)) (local.get $sv))
        (f32.store (i32.add (local.get $wo) (local.get $o))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $sm) (local.get $c1))
                (f32.add (f32.sqrt (f32.div (local.get $sv) (local.get $c2))) (local.get $eps)))
              (local.get $nlr))
            (f32.load (i32.add (local.get $w) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $next1)))
  )

  ;; dst[c][r] = src[r][c] for a rows × cols matrix of 4-byte elements (dst is cols × rows; no overlap).
  ;; Tiles of 128 source rows × 8 columns: only 8 destination rows are written at a time, so a power-of-two destination
  ;; row (1024 floats) does not thrash the cache's sets, as 32 × 32 tiles did (docs/performance.md).
  ;; Inside a tile, 4 × 4 blocks are transposed in registers.
  (func (export "transpose2d")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $i0 i32) (local $j0 i32) (local $i1 i32) (local $j1 i32) (local $i i32) (local $j i32)
    (local $ii i32) (local $jj i32) (local $p i32) (local $q i32) (local $rowBytes i32) (local $colBytes i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))  ;; one source row
    (local.set $colBytes (i32.shl (local.get $rows) (i32.const 2)))  ;; one destination row
    (local.set $i0 (i32.const 0))
    (block $doneI0 (loop $nextI0
      (br_if $doneI0 (i32.ge_u (local.get $i0) (local.get $rows)))
      (local.set $i1 (select (i32.add (local.get $i0) (i32.const 128)) (local.get $rows)
                       (i32.lt_u (i32.add (local.get $i0) (i32.const 128)) (local.get $rows))))
      (local.set $j0 (i32.const 0))
      (block $doneJ0 (loop $nextJ0
        (br_if $doneJ0 (i32.ge_u (local.get $j0) (local.get $cols)))
        (local.set $j1 (select (i32.add (local.get $j0) (i32.const 8)) (local.get $cols)
                         (i32.lt_u (i32.add (local.get $j0) (i32.const 8)) (local.get $cols))))
        ;; 4 × 4 blocks of the tile
        (local.set $i (local.get $i0))
        (block $doneI (loop $nextI
          (br_if $doneI (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $i1)))
          (local.set $j (local.get $j0))
          (block $doneJ (loop $nextJ
            (br_if $doneJ (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $j1)))
            (local.set $p (i32.add (local.get $src)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
            (local.set $r0 (v128.load align=4 (local.get $p)))
            (local.set $r1 (v128.load align=4 (i32.add (local.get $p) (local.get $rowBytes))))
            (local.set $r2 (v128.load align=4 (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (local.set $r3 (v128.load align=4 (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
            (local.set $q (i32.add (local.get $dst)
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
            (v128.store align=4 (local.get $q)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store align=4 (i32.add (local.get $q) (local.get $colBytes))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store align=4 (i32.add (local.get $q) (i32.shl (local.get $colBytes) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store align=4 (i32.add (local.get $q) (i32.mul (local.get $colBytes) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $nextJ)))
          ;; columns j..j1 left over in these four rows
          (local.set $ii (local.get $i))
          (block $doneRI (loop $nextRI
            (br_if $doneRI (i32.ge_u (local.get $ii) (i32.add (local.get $i) (i32.const 4))))
            (local.set $jj (local.get $j))
            (block $doneRJ (loop $nextRJ
              (br_if $doneRJ (i32.ge_u (local.get $jj) (local.get $j1)))
              (i32.store
                (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $jj) (local.get $rows)) (local.get $ii)) (i32.const 2)))
                (i32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $ii) (local.get $cols)) (local.get $jj)) (i32.const 2)))))
              (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
              (br $nextRJ)))
            (local.set $ii (i32.add (local.get $ii) (i32.const 1)))
            (br $nextRI)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $nextI)))
        ;; rows i..i1 left over: every column of the tile
        (local.set $ii (local.get $i))
        (block $doneLI (loop $nextLI
          (br_if $doneLI (i32.ge_u (local.get $ii) (local.get $i1)))
          (local.set $jj (local.get $j0))
          (block $doneLJ (loop $nextLJ
            (br_if $doneLJ (i32.ge_u (local.get $jj) (local.get $j1)))
            (i32.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $jj) (local.get $rows)) (local.get $ii)) (i32.const 2)))
              (i32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $ii) (local.get $cols)) (local.get $jj)) (i32.const 2)))))
            (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
            (br $nextLJ)))
          (local.set $ii (i32.add (local.get $ii) (i32.const 1)))
          (br $nextLI)))
        (local.set $j0 (local.get $j1))
        (br $nextJ0)))
      (local.set $i0 (local.get $i1))
      (br $nextI0)))
  )

  ;; im2col: the patches of a convolution over x [batch, h, w, c] (row-major float32), written to out as
  ;; [batch·oh·ow, kh·kw·c]: out[((b·oh + oy)·ow + ox)·kh·kw·c + (ky·kw + kx)·c + ci] = x[b, oy·sh + ky − pt, ox·sw + kx − pl, ci],
  ;; and 0 where that row or column is outside x. out must not overlap x.
  (func (export "im2col")
    (param $x i32) (param $out i32) (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $pt i32) (param $pl i32)
    (param $oh i32) (param $ow i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $kx i32) (local $iy i32) (local $ix i32)
    (local $src i32) (local $dst i32) (local $end i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $dst (local.get $out))
    (local.set $b (i32.const 0))
    (block $doneB (loop $nextB
      (br_if $doneB (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $oy (i32.const 0))
      (block $doneOY (loop $nextOY
        (br_if $doneOY (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $ox (i32.const 0))
        (block $doneOX (loop $nextOX
          (br_if $doneOX (i32.ge_u (local.get $ox) (local.get $ow)))
          (local.set $ky (i32.const 0))
          (block $doneKY (loop $nextKY
            (br_if $doneKY (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $sh)) (local.get $ky)) (local.get $pt)))
            (local.set $kx (i32.const 0))
            (block $doneKX (loop $nextKX
              (br_if $doneKX (i32.ge_u (local.get $kx) (local.get $kw)))
              (local.set $ix (i32.sub (i32.add (i32.mul (local.get $ox) (local.get $sw)) (local.get $kx)) (local.get $pl)))
              (local.set $end (i32.add (local.get $dst) (local.get $rowBytes)))
              ;; unsigned comparisons also reject negative rows and columns
              (if (i32.and (i32.lt_u (local.get $iy) (local.get $h)) (i32.lt_u (local.get $ix) (local.get $w)))
                (then
                  (local.set $src (i32.add (local.get $x)
                    (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $iy)) (local.get $w)) (local.get $ix)) (local.get $c)) (i32.const 2))))
                  (block $doneV (loop $nextV
                    (br_if $doneV (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
                    (v128.store align=4 (local.get $dst) (v128.load align=4 (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (br $nextV)))
                  (block $doneS (loop $nextS
                    (br_if $doneS (i32.ge_u (local.get $dst) (local.get $end)))
                    (f32.store (local.get $dst) (f32.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (i32.const 4)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (br $nextS))))
                (else
                  (block $doneZ (loop $nextZ
                    (br_if $doneZ (i32.ge_u (local.get $dst) (local.get $end)))
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (br $nextZ)))))
              (local.set $kx (i32.add (local.get $kx) (i32.const 1)))
              (br $nextKX)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $nextKY)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $nextOX)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $nextOY)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $nextB)))
  )

  ;; col2im, the adjoint of im2col: dx [batch, h, w, c] = 0, then for every patch entry
  ;; dx[b, oy·sh + ky − pt, ox·sw + kx − pl, ci] += cols[((b·oh + oy)·ow + ox)·kh·kw·c + (ky·kw + kx)·c + ci]
  ;; where that row and column are inside dx. dx must not overlap cols.
  (func (export "col2im")
    (param $cols i32) (param $dx i32) (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $pt i32) (param $pl i32)
    (param $oh i32) (param $ow i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $kx i32) (local $iy i32) (local $ix i32)
    (local $src i32) (local $dst i32) (local $end i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    ;; dx = 0
    (local.set $dst (local.get $dx))
    (local.set $end (i32.add (local.get $dx)
      (i32.shl (i32.mul (i32.mul (i32.mul (local.get $batch) (local.get $h)) (local.get $w)) (local.get $c)) (i32.const 2))))
    (block $doneZ (loop $nextZ
      (br_if $doneZ (i32.ge_u (local.get $dst) (local.get $end)))
      (f32.store (local.get $dst) (f32.const 0))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $nextZ)))
    (local.set $src (local.get $cols))
    (local.set $b (i32.const 0))
    (block $doneB (loop $nextB
      (br_if $doneB (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $oy (i32.const 0))
      (block $doneOY (loop $nextOY
        (br_if $doneOY (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $ox (i32.const 0))
        (block $doneOX (loop $nextOX
          (br_if $doneOX (i32.ge_u (local.get $ox) (local.get $ow)))
          (local.set $ky (i32.const 0))
          (block $doneKY (loop $nextKY
            (br_if $doneKY (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $sh)) (local.get $ky)) (local.get $pt)))
            (local.set $kx (i32.const 0))
            (block $doneKX (loop $nextKX
              (br_if $doneKX (i32.ge_u (local.get $kx) (local.get $kw)))
              (local.set $ix (i32.sub (i32.add (i32.mul (local.get $ox) (local.get $sw)) (local.get $kx)) (local.get $pl)))
              (local.set $end (i32.add (local.get $src) (local.get $rowBytes)))
              (if (i32.and (i32.lt_u (local.get $iy) (local.get $h)) (i32.lt_u (local.get $ix) (local.get $w)))
                (then
                  (local.set $dst (i32.add (local.get $dx)
                    (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $iy)) (local.get $w)) (local.get $ix)) (local.get $c)) (i32.const 2))))
                  (block $doneV (loop $nextV
                    (br_if $doneV (i32.gt_u (i32.add (local.get $src) (i32.const 16)) (local.get $end)))
                    (v128.store align=4 (local.get $dst) (f32x4.add (v128.load align=4 (local.get $dst)) (v128.load align=4 (local.get $src))))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (br $nextV)))
                  (block $doneS (loop $nextS
                    (br_if $doneS (i32.ge_u (local.get $src) (local.get $end)))
                    (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
                    (local.set $src (i32.add (local.get $src) (i32.const 4)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (br $nextS))))
                (else (local.set $src (local.get $end))))
              (local.set $kx (i32.add (local.get $kx) (i32.const 1)))
              (br $nextKX)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $nextKY)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $nextOX)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $nextOY)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $nextB)))
  )

  ;; Batch normalization with given statistics over the last axis of x (n values, c channels, n a multiple of c):
  ;;   a[ch] = scale[ch] / √(variance[ch] + ε)   (scale = 1 when hasScale is 0), written to the c floats at a
  ;;   out[i] = (x[i] − mean[ch])·a[ch] + offset[ch]   (offset = 0 when hasOffset is 0), ch = i mod c.
  ;; Four channels at a time while c has four left, then one. out may be x.
  (func (export "batchNorm")
    (param $x i32) (param $mean i32) (param $variance i32) (param $offset i32) (param $scale i32) (param $out i32)
    (param $a i32) (param $n i32) (param $c i32) (param $eps f32) (param $hasOffset i32) (param $hasScale i32)
    (local $ch i32) (local $row i32) (local $end i32) (local $o i32) (local $rowBytes i32) (local $c4 i32)
    (local $off f32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $c4 (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 2)))
    (local.set $ch (i32.const 0))
    (block $doneA (loop $nextA
      (br_if $doneA (i32.ge_u (local.get $ch) (local.get $rowBytes)))
      (f32.store (i32.add (local.get $a) (local.get $ch))
        (f32.div
          (select (f32.load (i32.add (local.get $scale) (local.get $ch))) (f32.const 1) (local.get $hasScale))
          (f32.sqrt (f32.add (f32.load (i32.add (local.get $variance) (local.get $ch))) (local.get $eps)))))
      (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
      (br $nextA)))
    (local.set $row (i32.const 0))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $doneRow (loop $nextRow
      (br_if $doneRow (i32.ge_u (local.get $row) (local.get $end)))
      (local.set $ch (i32.const 0))
      (block $doneV (loop $nextV
        (br_if $doneV (i32.ge_u (local.get $ch) (local.get $c4)))
        (local.set $o (i32.add (local.get $row) (local.get $ch)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $o))
          (f32x4.relaxed_madd
            (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $o))) (v128.load align=4 (i32.add (local.get $mean) (local.get $ch))))
            (v128.load align=4 (i32.add (local.get $a) (local.get $ch)))
            (if (result v128) (local.get $hasOffset)
              (then (v128.load align=4 (i32.add (local.get $offset) (local.get $ch))))
              (else (v128.const i32x4 0 0 0 0)))))
        (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
        (br $nextV)))
      (block $doneS (loop $nextS
        (br_if $doneS (i32.ge_u (local.get $ch) (local.get $rowBytes)))
        (local.set $o (i32.add (local.get $row) (local.get $ch)))
        (local.set $off (if (result f32) (local.get $hasOffset)
          (then (f32.load (i32.add (local.get $offset) (local.get $ch)))) (else (f32.const 0))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add
            (f32.mul
              (f32.sub (f32.load (i32.add (local.get $x) (local.get $o))) (f32.load (i32.add (local.get $mean) (local.get $ch))))
              (f32.load (i32.add (local.get $a) (local.get $ch))))
            (local.get $off)))
        (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
        (br $nextS)))
      (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
      (br $nextRow)))
  )

  ;; tanh of n float32 values, four at a time (then one): for |x| < 1/4 the odd Taylor polynomial
  ;; x − x³/3 + 2x⁵/15 − 17x⁷/315 (remainder below 62·x⁹/2835, under 4·10⁻⁷ of |x|); otherwise
  ;; sign(x)·(1 − 2/(e^{2|x|} + 1)) with |x| clamped to 10 (tanh 10 rounds to 1), e^y = 2^k·p(r), k = round(y/ln 2),
  ;; r = y − k·ln 2 in two parts (|r| ≤ ln 2 / 2), p the degree-7 Taylor polynomial of e^r. out may be x.
  (func $tanh4 (param $x v128) (result v128)
    (local $a v128) (local $y v128) (local $k v128) (local $r v128) (local $p v128) (local $big v128) (local $x2 v128) (local $small v128)
    (local.set $a (f32x4.min (f32x4.abs (local.get $x)) (f32x4.splat (f32.const 10))))
    ;; e^{2a}
    (local.set $y (f32x4.add (local.get $a) (local.get $a)))
    (local.set $k (f32x4.nearest (f32x4.mul (local.get $y) (f32x4.splat (f32.const 1.44269504)))))
    (local.set $r (f32x4.sub (local.get $y) (f32x4.mul (local.get $k) (f32x4.splat (f32.const 0.693145752)))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $k) (f32x4.splat (f32.const 1.42860677e-6)))))
    (local.set $p (f32x4.splat (f32.const 1.98412698e-4)))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 1.38888889e-3))))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 8.33333333e-3))))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 4.16666667e-2))))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 0.166666667))))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 0.5))))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 1))))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (f32x4.splat (f32.const 1))))
    ;; · 2^k: k + 127 into the exponent bits
    (local.set $p (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (i32x4.splat (i32.const 127))) (i32.const 23))))
    (local.set $big (f32x4.sub (f32x4.splat (f32.const 1))
      (f32x4.div (f32x4.splat (f32.const 2)) (f32x4.add (local.get $p) (f32x4.splat (f32.const 1))))))
    ;; small |x|: x·(1 + x²·(−1/3 + x²·(2/15 − x²·17/315)))
    (local.set $x2 (f32x4.mul (local.get $a) (local.get $a)))
    (local.set $small (f32x4.mul (local.get $a)
      (f32x4.relaxed_madd (local.get $x2)
        (f32x4.relaxed_madd (local.get $x2)
          (f32x4.sub (f32x4.splat (f32.const 0.133333333))
            (f32x4.mul (local.get $x2) (f32x4.splat (f32.const 5.3968254e-2))))
          (f32x4.splat (f32.const -0.333333333)))
        (f32x4.splat (f32.const 1)))))
    ;; pick by |x| < 1/4, then put the sign of x back (NaN stays NaN: both branches are NaN)
    (v128.or
      (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
      (v128.bitselect (local.get $small) (local.get $big) (f32x4.lt (local.get $a) (f32x4.splat (f32.const 0.25))))))
  (func (export "tanh") (param $x i32) (param $out i32) (param $n i32)
    (local $i i32) (local $end i32) (local $end4 i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $doneV (loop $nextV
      (br_if $doneV (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store align=4 (i32.add (local.get $out) (local.get $i)) (call $tanh4 (v128.load align=4 (i32.add (local.get $x) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $nextV)))
    (block $doneS (loop $nextS
      (br_if $doneS (i32.ge_u (local.get $i) (local.get $end)))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (f32x4.extract_lane 0 (call $tanh4 (f32x4.splat (f32.load (i32.add (local.get $x) (local.get $i)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $nextS)))
  )

  ;; Column sums of a rows × cols float32 matrix, scaled: out[j] = scale·Σ_i x[i, j]. Eight columns at a time (two
  ;; f32x4 accumulators, rows in order), then four, then one. out must not overlap x.
  (func (export "columnSum") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32) (param $scale f32)
    (local $j i32) (local $p i32) (local $i i32) (local $stride i32) (local $s0 v128) (local $s1 v128) (local $s f32)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $done8 (loop $next8
      (br_if $done8 (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $cols)))
      (local.set $s0 (v128.const i32x4 0 0 0 0))
      (local.set $s1 (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $doneR (loop $nextR
        (br_if $doneR (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $s0 (f32x4.add (local.get $s0) (v128.load align=4 (local.get $p))))
        (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 align=4 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextR)))
      (v128.store align=4 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
        (f32x4.mul (local.get $s0) (f32x4.splat (local.get $scale))))
      (v128.store offset=16 align=4 (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
        (f32x4.mul (local.get $s1) (f32x4.splat (local.get $scale))))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $next8)))
    (block $done1 (loop $next1
      (br_if $done1 (i32.ge_u (local.get $j) (local.get $cols)))
      (local.set $s (f32.const 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $doneR1 (loop $nextR1
        (br_if $doneR1 (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $s (f32.add (local.get $s) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextR1)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (f32.mul (local.get $s) (local.get $scale)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next1)))
  )
)
