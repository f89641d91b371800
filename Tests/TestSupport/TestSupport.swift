import Grids
