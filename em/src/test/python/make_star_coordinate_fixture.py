#!/usr/bin/env python3
"""Expected particle counts and positions of the real STAR files in ../shared/interop/data (star/ and derived/).

An independent reading of the files for ParticleCoordinatesInteropTest: a small STAR parser of its own (data_ blocks,
loop_ tables, pairs, quotes, # comments) and the documented RELION rules, written separately from the Java code:
  - RELION 5 rlnCenteredCoordinate{X,Y,Z}Angst: Å from the tomogram's centre (RELION 5 ParticleSet::
    getParticleCoordDecenteredPixel); minus rlnOrigin{X,Y,Z}Angst (ParticleSet::getPosition subtracts the shift).
  - rlnCoordinate{X,Y,Z}: pixels from the first voxel; Å = (c - rlnOrigin{X,Y,Z} [px]) * p - rlnOrigin{X,Y,Z}Angst, with p
    per particle from rlnTomoTiltSeriesPixelSize, rlnMicrographPixelSize, rlnDetectorPixelSize*1e4/rlnMagnification
    (magnification 10000 if absent), rlnImagePixelSize, rlnPixelSize; particle columns first, then its optics row.
  - tomogram of a particle: rlnTomoName, else rlnMicrographName.
Writes em/src/test/resources/em/star_coordinates.tsv: file, tomogram ('-' for none), count, pixel size of the first
particle ('nan' unknown / centred), kind (pixel|relion5|error:<why>), then x y z in Å of the first and last particle.
Run from the repository root: /usr/bin/python3 em/src/test/python/make_star_coordinate_fixture.py
"""
import math
import os
import shlex
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../shared/interop/data")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../resources/em/star_coordinates.tsv")


def parse(text):
    """{block: {'pairs': {}, 'loops': [ {'cols': [...], 'rows': [[...]]} ]}} in file order."""
    blocks, cur, loop, in_header = {}, None, None, False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if loop is not None and loop["rows"] and not line:
                loop = None
            continue
        if line.startswith("data_"):
            cur = blocks.setdefault(line[5:], {"pairs": {}, "loops": []})
            loop = None
            continue
        if line.startswith("loop_"):
            loop = {"cols": [], "rows": []}
            cur["loops"].append(loop)
            in_header = True
            continue
        if line.startswith("_"):
            name = line.split()[0][1:]
            if loop is not None and in_header:
                loop["cols"].append(name)
            else:
                loop = None
                cur["pairs"][name] = line.split(None, 1)[1] if len(line.split()) > 1 else ""
            continue
        in_header = False
        if loop is None:
            raise ValueError("value outside a loop: " + line)
        vals = shlex.split(line, comments=False)
        if len(vals) != len(loop["cols"]):
            raise ValueError("ragged row")
        loop["rows"].append(vals)
    return blocks


def pixel_size(get):
    for c in ("rlnTomoTiltSeriesPixelSize", "rlnMicrographPixelSize"):
        if get(c) is not None:
            return float(get(c))
    if get("rlnDetectorPixelSize") is not None:
        mag = float(get("rlnMagnification")) if get("rlnMagnification") is not None else 10000.0
        return float(get("rlnDetectorPixelSize")) * 10000.0 / mag
    for c in ("rlnImagePixelSize", "rlnPixelSize"):
        if get(c) is not None:
            return float(get(c))
    return float("nan")


def describe(path):
    blocks = parse(open(path).read())
    table = None
    for bname, b in blocks.items():
        for lp in b["loops"]:
            cols = set(lp["cols"])
            if {"rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst", "rlnCenteredCoordinateZAngst"} <= cols:
                table, kind = lp, "relion5"
            elif {"rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ"} <= cols:
                table, kind = lp, "pixel"
            if table:
                break
        if table:
            break
    if table is None:
        return None
    cols = table["cols"]
    optics = blocks.get("optics", {"loops": []})["loops"]
    optics = optics[0] if optics else None

    def getter(row):
        def get(c):
            if c in cols:
                return row[cols.index(c)]
            if optics is None:
                return None
            if c not in optics["cols"]:
                return None
            if "rlnOpticsGroup" in cols and "rlnOpticsGroup" in optics["cols"]:
                g = row[cols.index("rlnOpticsGroup")]
                for orow in optics["rows"]:
                    if int(orow[optics["cols"].index("rlnOpticsGroup")]) == int(g):
                        return orow[optics["cols"].index(c)]
                raise ValueError("optics group")
            return optics["rows"][0][optics["cols"].index(c)] if len(optics["rows"]) == 1 else None
        return get

    name_col = "rlnTomoName" if "rlnTomoName" in cols else "rlnMicrographName" if "rlnMicrographName" in cols else None
    groups = {}
    for row in table["rows"]:
        name = row[cols.index(name_col)] if name_col else "-"
        groups.setdefault(name, []).append(row)
    if "rlnTomoSubtomogramRot" in cols and any(
            float(r[cols.index(c)]) != 0 for r in table["rows"] for c in ("rlnOriginXAngst", "rlnOriginYAngst", "rlnOriginZAngst") if c in cols):
        return [(n, len(rs), "nan", "error:rotated", []) for n, rs in groups.items()]
    out = []
    for name, rows in groups.items():
        pts = []
        p0 = float("nan")
        for i, row in enumerate((rows[0], rows[-1])):
            get = getter(row)
            oa = [float(get(c)) if get(c) is not None and c in cols else 0.0 for c in ("rlnOriginXAngst", "rlnOriginYAngst", "rlnOriginZAngst")]
            if kind == "relion5":
                c = [float(get(a)) for a in ("rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst", "rlnCenteredCoordinateZAngst")]
                pts += [c[a] - oa[a] for a in range(3)]
            else:
                p = pixel_size(get)
                if i == 0:
                    p0 = p
                c = [float(get(a)) for a in ("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ")]
                op = [float(get(a)) if a in cols else 0.0 for a in ("rlnOriginX", "rlnOriginY", "rlnOriginZ")]
                if math.isnan(p):
                    p = 1.0  # no pixel size: Å = voxels of a 1 Å tomogram; the test reads it into such a frame
                pts += [(c[a] - op[a]) * p - oa[a] for a in range(3)]
        out.append((name, len(rows), repr(p0), kind, pts))
    return out


def main():
    lines = []
    for sub in ("star", "derived"):
        d = os.path.join(DATA, sub)
        for f in sorted(os.listdir(d)):
            if not f.endswith(".star"):
                continue
            try:
                res = describe(os.path.join(d, f))
            except ValueError:
                continue  # not readable by this parser (ragged loops); not a coordinate file to check
            if res is None:
                lines.append("\t".join([sub + "/" + f, "-", "0", "nan", "none"]))
                continue
            for name, n, p, kind, pts in res:
                lines.append("\t".join([sub + "/" + f, name, str(n), p, kind] + [repr(v) for v in pts]))
    with open(OUT, "w") as fh:
        fh.write("# made by em/src/test/python/make_star_coordinate_fixture.py from ../shared/interop/data\n")
        fh.write("\n".join(lines) + "\n")
    print("wrote", OUT, len(lines), "rows", file=sys.stderr)


if __name__ == "__main__":
    main()
