// The default nanoconvect stack (design section 1) as an axisymmetric r-z
// section, lengths in nm (set 'Gmsh length unit = 1e-9'). Physical groups
// carry nanoconvect's ids (meshes/ids.h):
//   surfaces: 1 substrate, 2 column, 3 oxide (WO3), 4 tip (W)
//   curves:   1 hot face, 2 cold face, 3 column surface, 5 other free
//             surfaces, 6 symmetry axis (r = 0)
// The column/oxide contact is an interior curve and carries no group.
// Make the mesh:  gmsh -2 -format msh41 stack_axisym.geo -o stack_axisym.msh

Rsub = 100; Hsub = 200;   // substrate pillar
Rcol = 27.5; L = 120;     // column (d = 55 nm)
Rox = 50; tox = 5;        // WO3 film
Rtip = 50; Ltip = 300;    // W tip
h = 8;                    // cell size away from the rims
hrim = 1;                 // cell size at the column's two rims
hox = 2.5;                // cell size in the oxide

z1 = Hsub; z2 = Hsub + L; z3 = z2 + tox; z4 = z3 + Ltip;

Point(1) = {0, 0, 0, h};       Point(2) = {Rsub, 0, 0, h};
Point(3) = {Rsub, z1, 0, h};   Point(4) = {Rcol, z1, 0, hrim};
Point(5) = {0, z1, 0, h};      Point(6) = {Rcol, z2, 0, hrim};
Point(7) = {0, z2, 0, hox};    Point(8) = {Rox, z2, 0, hox};
Point(9) = {Rox, z3, 0, hox};  Point(10) = {0, z3, 0, hox};
Point(11) = {Rtip, z4, 0, h};  Point(12) = {0, z4, 0, h};

// substrate
Line(1) = {1, 2}; Line(2) = {2, 3}; Line(3) = {3, 4}; Line(4) = {4, 5};
Line(5) = {5, 1};
// column
Line(6) = {4, 6}; Line(7) = {6, 7}; Line(8) = {7, 5};
// oxide
Line(9) = {6, 8}; Line(10) = {8, 9}; Line(11) = {9, 10}; Line(12) = {10, 7};
// tip
Line(13) = {9, 11}; Line(14) = {11, 12}; Line(15) = {12, 10};

Curve Loop(1) = {1, 2, 3, 4, 5};        Plane Surface(1) = {1};
Curve Loop(2) = {-4, 6, 7, 8};          Plane Surface(2) = {2};
Curve Loop(3) = {-7, 9, 10, 11, 12};    Plane Surface(3) = {3};
Curve Loop(4) = {-11, 13, 14, 15};      Plane Surface(4) = {4};

Physical Surface(1) = {1};
Physical Surface(2) = {2};
Physical Surface(3) = {3};
Physical Surface(4) = {4};
Physical Curve(1) = {1};
Physical Curve(2) = {14};
Physical Curve(3) = {6};
Physical Curve(5) = {2, 3, 9, 10, 13};
Physical Curve(6) = {5, 8, 12, 15};

// Quadrilaterals only: recombine, then split every cell into quads.
Mesh.RecombineAll = 1;
Mesh.Algorithm = 6;
Mesh.RecombinationAlgorithm = 0;
Mesh.SubdivisionAlgorithm = 1;
Mesh.ElementOrder = 1;
